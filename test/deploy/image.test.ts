// The published image's files as far as this machine can check them (no Docker engine here): the
// workflow builds amd64 + arm64 and pushes only on tags, both compose files are valid against the
// Compose Specification's JSON schema, and every compose health check runs a command that exists
// and names checks doctor really has.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT, runCli } from '../helpers/cli.js';

const COMPOSE_FILES = ['docker-compose.dev.yml', 'docker-compose.prod.yml'];

/** A compose file as Compose reads it (YAML merge keys `<<:` resolved). */
async function composeFile(
  file: string,
): Promise<{ services: Record<string, { healthcheck?: { test?: unknown } }> }> {
  return parse(await readFile(join(ROOT, file), 'utf8'), { merge: true });
}

/** The schema from test/fixtures/compose-spec (see its README); Ajv knows draft-07 by its http id. */
async function composeValidator() {
  const { $schema: _, ...schema } = JSON.parse(
    await readFile(join(ROOT, 'test/fixtures/compose-spec/compose-spec.json'), 'utf8'),
  );
  return new Ajv({ allErrors: true, strict: false, validateFormats: false }).compile(schema);
}

/** The exec-form `test: ["CMD", …]` arrays of a compose file's health checks. */
async function healthCommands(file: string): Promise<string[][]> {
  const { services } = await composeFile(file);
  return Object.values(services)
    .map((s) => s.healthcheck?.test)
    .filter((t): t is string[] => Array.isArray(t));
}

describe('image and compose files', () => {
  it('builds for amd64 and arm64 and pushes on version tags only', async () => {
    const wf = await readFile(join(ROOT, '.github/workflows/image.yml'), 'utf8');
    expect(wf).toMatch(/^ {4}tags: \["v\*"\]$/m);
    expect(wf).toContain('platforms: linux/amd64,linux/arm64');
    expect(wf).toMatch(/push: \$\{\{ github\.event_name == 'push' \}\}/);
    expect(wf).toContain('context: .');
  });

  it.each(COMPOSE_FILES)('%s is valid against the Compose Specification schema', async (file) => {
    const validate = await composeValidator();
    const doc = await composeFile(file);
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    // The schema is not a formality: a misspelt health-check key is refused.
    const web = doc.services.web!;
    const misspelt = {
      ...doc,
      services: { ...doc.services, web: { ...web, healthcheck: { intervall: '5s' } } },
    };
    expect(validate(misspelt)).toBe(false);
  });

  it.each(COMPOSE_FILES)(
    '%s: web and worker have health checks that run real commands',
    async (file) => {
      const commands = await healthCommands(file);
      const web = commands.find((c) => c.includes('node'));
      expect(web?.join(' ')).toContain("fetch('http://127.0.0.1:8000/api/health')");
      const worker = commands.find((c) => c[1] === 'storyagent');
      expect(worker).toBeDefined();
      // Run the worker's health check here (embedded, nothing running): it must know those checks.
      const res = await runCli(worker!.slice(2), {
        env: { DATABASE_URL: '', REDIS_URL: '', DATA_DIR: '/tmp/storyagent-health-none' },
      });
      const only = worker![worker!.indexOf('--only') + 1]!.split(',');
      for (const name of only) expect(res.stdout).toMatch(new RegExp(`^${name} `, 'm'));
      expect(res.stdout.split('\n').filter((l) => /^\S/.test(l)).length).toBe(only.length + 3);
    },
    60_000,
  );
});
