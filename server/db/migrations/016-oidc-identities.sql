-- People who sign in through the centre's identity provider (OpenID Connect): the provider's
-- issuer and `sub` claim name the person for good, whatever their display name becomes.
CREATE TABLE oidc_identities (
  issuer text NOT NULL,
  subject text NOT NULL,
  person_id uuid NOT NULL REFERENCES people (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  last_sign_in_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (issuer, subject)
);
CREATE INDEX oidc_identities_person ON oidc_identities (person_id);
