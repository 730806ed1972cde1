-- First sign-in through OpenID Connect: an active account with the same verified email takes the subject.
create function kindred_link_oidc_subject(verified_email text, subject text) returns uuid
language sql security definer set search_path = public as $$
  update app_user set oidc_subject = subject
  where lower(email) = lower(verified_email) and oidc_subject is null and active
  returning id
$$;
