-- The role the service runs as on a PostgreSQL server: it reads and writes the data, but may not
-- change or remove audit entries, truncate anything, or change the schema. Run it as the database's
-- owner, once the service has migrated the database (migrations run as the owner: DATABASE_OWNER_URL):
--
--   psql "$DATABASE_OWNER_URL" -v ON_ERROR_STOP=1 -f scripts/service-role.sql
--   psql "$DATABASE_OWNER_URL" -c "ALTER ROLE ptc_service PASSWORD '…'"
--
-- then run the service with DATABASE_URL=postgres://ptc_service:…@host/db and DATABASE_OWNER_URL
-- set to the owner's connection (used at start-up for migrations only). Tables that later
-- migrations create get the same grants through the default privileges below.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ptc_service') THEN
    CREATE ROLE ptc_service LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
  END IF;
END
$$;
GRANT USAGE ON SCHEMA public TO ptc_service;
REVOKE CREATE ON SCHEMA public FROM ptc_service;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ptc_service;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ptc_service;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ptc_service;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ptc_service;
-- The audit trail is append-only for the service: read and add, nothing else (its trigger refuses
-- the rest to anyone, the owner included, unless the owner disables it, which the log of the
-- server records).
REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_log FROM ptc_service;
GRANT SELECT, INSERT ON audit_log TO ptc_service;
-- Migrations are the owner's.
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON kysely_migration, kysely_migration_lock FROM ptc_service;
