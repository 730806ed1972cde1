import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';

const views = fileURLToPath(new URL('./views/', import.meta.url));
const govukFrontend = fileURLToPath(new URL('../../node_modules/govuk-frontend/dist/', import.meta.url));

export function createViewEnvironment(): nunjucks.Environment {
  const environment = new nunjucks.Environment(new nunjucks.FileSystemLoader([views, govukFrontend]), {
    autoescape: true,
    throwOnUndefined: false,
  });
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
  environment.addFilter('number', (value: number | null | undefined) =>
    value === null || value === undefined ? '' : value.toLocaleString('en-GB'),
  );
  return environment;
}
