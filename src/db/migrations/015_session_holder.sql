-- A request finds its session and the person behind it in one statement, and the session's last use is
-- written at most once a minute: reading a page no longer writes and flushes a row each time. The idle timeout
-- is therefore kept to within a minute.
create function kindred_session_holder(hash bytea, idle interval)
returns table (user_id uuid, organisation_id uuid, csrf_token text, organisation_kind text, organisation_name text,
               display_name text, email text, roles text[])
language plpgsql security definer set search_path = public as $$
begin
  update user_session set last_seen_at = now()
  where token_hash = hash and expires_at > now() and last_seen_at > now() - idle
    and last_seen_at < now() - interval '1 minute';
  return query
    select s.user_id, u.organisation_id, s.csrf_token, o.kind, o.name, u.display_name, u.email, u.roles
    from user_session s
    join app_user u on u.id = s.user_id and u.active
    join organisation o on o.id = u.organisation_id
    where s.token_hash = hash and s.expires_at > now() and s.last_seen_at > now() - idle;
end
$$;

drop function kindred_find_session(bytea, interval);
