/** How and how often data moves under an agreement, and what happens to it afterwards. */

export const frequencies = [
  'one_off',
  'daily',
  'weekly',
  'monthly',
  'quarterly',
  'annually',
  'on_request',
] as const;
export type Frequency = (typeof frequencies)[number];

export const frequencyNames: Record<Frequency, string> = {
  one_off: 'Once',
  daily: 'Daily',
  weekly: 'Weekly',
  monthly: 'Monthly',
  quarterly: 'Quarterly',
  annually: 'Once a year',
  on_request: 'On request',
};

export const transferMethods = [
  'kindred_upload',
  'kindred_api',
  'match_tokens',
  'sftp',
  'secure_email',
] as const;
export type TransferMethod = (typeof transferMethods)[number];

export const transferMethodNames: Record<TransferMethod, string> = {
  kindred_upload: 'Upload to Kindred over HTTPS (web page or command line)',
  kindred_api: 'Kindred API, from the partner’s own system',
  match_tokens: 'Match tokens only, made by the partner with Kindred’s health-partner tool',
  sftp: 'Secure file transfer (SFTP)',
  secure_email: 'Secure email',
};

export const isFrequency = (value: unknown): value is Frequency =>
  (frequencies as readonly unknown[]).includes(value);
export const isTransferMethod = (value: unknown): value is TransferMethod =>
  (transferMethods as readonly unknown[]).includes(value);
