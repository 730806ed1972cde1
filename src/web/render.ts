import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';

const views = fileURLToPath(new URL('./views/', import.meta.url));
const govukFrontend = fileURLToPath(new URL('../../node_modules/govuk-frontend/dist/', import.meta.url));

export function createViewEnvironment(): nunjucks.Environment {
  const loader = new nunjucks.FileSystemLoader([views, govukFrontend]);
  // GOV.UK Frontend's components import each other by relative paths, which nunjucks resolves again on every
  // render (path.resolve took about 2 % of a busy families list): keep each answer.
  const resolved = new Map<string, string>();
  const resolve = loader.resolve.bind(loader);
  loader.resolve = (from: string, to: string): string => {
    const key = `${from}\u0000${to}`;
    let path = resolved.get(key);
    if (path === undefined) {
      path = resolve(from, to);
      resolved.set(key, path);
    }
    return path;
  };
  const environment = new nunjucks.Environment(loader, { autoescape: true, throwOnUndefined: false });
  // One formatter for every page: building one per call cost a busy families list a good share of its CPU.
  const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'Europe/London',
  });
  environment.addFilter('dateTime', (value: Date | string | null) => {
    if (!value) return '';
    return dateTimeFormat.format(value instanceof Date ? value : new Date(value));
  });
  // GOV.UK Frontend's macros trim most of what they print; nunjucks' own trim uses a regular expression that
  // took an eighth of a page's rendering. String.prototype.trim strips the same characters.
  environment.addFilter('trim', (value: unknown) => {
    const text = value === null || value === undefined ? '' : String(value);
    return value instanceof nunjucks.runtime.SafeString
      ? new nunjucks.runtime.SafeString(text.trim())
      : text.trim();
  });
  environment.addFilter('number', (value: number | null | undefined) =>
    value === null || value === undefined ? '' : value.toLocaleString('en-GB'),
  );
  return environment;
}
