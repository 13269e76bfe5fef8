import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { printLine, yellow } from './output.js';

export const CI_WORKFLOW_PATH = '.github/workflows/time-aggregation-check.yml';

/**
 * The CI layer (the third of docs/resilience.md's four layers), and an optional job that publishes hours to the providers. Both
 * jobs install the repository's own dependencies (`npm ci`, from its lock file) and run the
 * FlowForge the team locked, with the plugins its config names; `npx --no` refuses to fetch a
 * package of that name from the registry when it is not installed. `examples/ci/` holds a copy (a
 * test compares them, another runs its steps).
 */
export const CI_WORKFLOW = `# FlowForge: checks the committed time data on every push and pull request — schemas, checksums,
# each developer's audit trail and the privacy allowlist (docs/resilience.md). Written by
# \`flowforge init --ci\`. It runs the FlowForge this repository locks (its devDependency
# @flowforge/cli, installed by \`npm ci\`), never whatever the registry has as the latest.
name: Time aggregation check

on:
  push:
  pull_request:

permissions:
  contents: read

jobs:
  verify:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0
      - uses: actions/setup-node@v4
        with:
          node-version: 20
          cache: npm
      # --ignore-scripts: verify only reads files, so no install script of a pull request runs.
      - name: Install the locked dependencies
        run: npm ci --ignore-scripts
      - name: Verify the team layer
        run: npx --no flowforge verify --ci
      - name: Write the verify report
        if: always()
        run: npx --no flowforge verify --json > flowforge-verify.json || true
      - name: Upload the verify report
        if: always()
        uses: actions/upload-artifact@v4
        with:
          name: flowforge-verify
          path: flowforge-verify.json

  # Optional: set the repository variable FLOWFORGE_PUBLISH to "true" to push each issue's hours
  # to the providers of the config (docs/providers.md) after every verified push to the default
  # branch. Tokens come from the repository's secrets, never from a file.
  publish:
    needs: verify
    if: vars.FLOWFORGE_PUBLISH == 'true' && github.event_name == 'push' && github.ref_name == github.event.repository.default_branch
    runs-on: ubuntu-latest
    permissions:
      contents: read
      issues: write
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
          cache: npm
      - name: Install the locked dependencies
        run: npm ci
      - name: Publish hours
        run: npx --no flowforge publish
        env:
          GITHUB_TOKEN: \${{ secrets.GITHUB_TOKEN }}
          NOTION_TOKEN: \${{ secrets.NOTION_TOKEN }}
`;

/**
 * Writes the workflow unless it is there already. A file that differs (edited by the team, or
 * written by an older FlowForge) is left alone, and the user is told so; returns what was done.
 */
export async function writeCiWorkflow(repoRoot: string): Promise<string[]> {
  const path = join(repoRoot, CI_WORKFLOW_PATH);
  if (existsSync(path)) {
    if ((await readFile(path, 'utf8')) !== CI_WORKFLOW)
      printLine(yellow(`! ${CI_WORKFLOW_PATH} exists and differs from FlowForge's workflow; left as it is. Delete it and run \`flowforge init --ci\` again to get the current one.`));
    return [];
  }
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, CI_WORKFLOW);
  // FlowForge installed globally, or not committed: the workflow's `npm ci` would fail on GitHub.
  if (!existsSync(join(repoRoot, 'package-lock.json')))
    printLine(yellow(`! ${CI_WORKFLOW_PATH} installs this repo's dependencies with \`npm ci\`, which needs a package-lock.json: install FlowForge here (\`npm install --save-dev @flowforge/cli\`, or a release tarball) and commit package.json and package-lock.json.`));
  return [`${CI_WORKFLOW_PATH}: written (runs \`flowforge verify --ci\` on push and pull request)`];
}
