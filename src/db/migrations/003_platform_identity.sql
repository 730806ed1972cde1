-- The platform's own identity, for work nobody signed in does (command-line jobs, loading the demo).
-- It has no password and no OpenID subject, so no one can sign in as it.
alter table organisation drop constraint organisation_kind_check;
alter table organisation add constraint organisation_kind_check check (kind in ('platform', 'council', 'police',
  'education', 'dwp', 'health', 'housing', 'childrens_services', 'domestic_abuse', 'other'));
insert into organisation (id, name, kind) values ('00000000-0000-0000-0000-000000000000', 'Kindred platform', 'platform');
insert into app_user (id, organisation_id, email, display_name, roles)
values ('00000000-0000-0000-0000-000000000000', '00000000-0000-0000-0000-000000000000', 'platform@kindred.invalid',
        'Kindred platform', '{administrator}');
