// Lint: typescript-eslint's recommended type-aware rules, plus the import boundaries of STYLE.md:
// imports point inwards, and each third-party engine has one home.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const restrict = (patterns) => ({
  '@typescript-eslint/no-restricted-imports': ['error', { patterns }],
});
const noServer = { group: ['**/server/**'], allowTypeImports: true, message: 'This layer must not depend on the server.' };
const noMain = { group: ['**/main.ts', '**/main'], message: 'Nothing imports the composition root.' };
const onlyInReports = { group: ['pdfkit'], message: 'Only reports/ draws PDFs.' };
const onlyInRules = { group: ['json-rules-engine'], message: 'Only rules/ imports json-rules-engine.' };
const onlyInDb = { group: ['pg', '@electric-sql/*', 'kysely'], allowTypeImports: true, message: 'SQL and drivers live in server/db.' };

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'bench/out/', 'eslint.config.js', 'bin/', 'web/dist/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  { files: ['importers/**', 'rules/**', 'reports/**', 'catalogue/**'], rules: restrict([noServer, noMain, onlyInDb]) },
  { files: ['importers/**', 'catalogue/**', 'server/**', 'cli/**'], rules: restrict([noMain, onlyInReports, onlyInRules]) },
  { files: ['server/http/**', 'server/app.ts'], rules: restrict([noMain, onlyInReports, onlyInRules, onlyInDb, { group: ['**/db/**'], allowTypeImports: true, message: 'Routes call services, not the database.' }]) },
  { files: ['server/services/**'], rules: restrict([noMain, onlyInReports, onlyInRules, onlyInDb]) },
  { files: ['test/**', 'bench/**'], rules: { '@typescript-eslint/no-non-null-assertion': 'off' } },
  // The browser bundle takes from the server only types and the pure vocabularies it shares.
  {
    files: ['web/src/**'],
    rules: restrict([
      { group: ['**/server/**', '!**/server/vocabularies.ts', '!**/server/services', '!**/server/services/access.ts'], allowTypeImports: true, message: 'The console takes only types (and vocabularies) from the server.' },
      onlyInReports,
      onlyInRules,
      onlyInDb,
    ]),
  },
);
