-- Follow-up of 20261201005100_roles_org.sql: a deactivated branch takes no new members.
--
--   join_branch  a live invite code of a deactivated branch is refused (P0001 '该支部已停用，邀请码
--                不能使用') before any roster lookup; rotate_branch_invite already gives such a branch
--                no new code. The body of join_branch (20261201005000) is kept as it is, under the
--                name join_branch_checked_code, and the function the API calls checks the branch first.

alter function app_private.join_branch(text, text) rename to join_branch_checked_code;

create function app_private.join_branch(p_invite_code text, p_phone text) returns jsonb
language plpgsql volatile security definer set search_path = ''
as $$
begin
  if exists (select 1 from public.branch_invites i
             join public.branches b on b.id = i.branch_id
             where i.code = pg_catalog.upper(pg_catalog.btrim(coalesce(p_invite_code, ''))) and not i._deleted
               and (not b.active or b._deleted)) then
    raise exception '该支部已停用，邀请码不能使用' using errcode = 'P0001';
  end if;
  return app_private.join_branch_checked_code(p_invite_code, p_phone);
end
$$;

revoke all on function app_private.join_branch(text, text), app_private.join_branch_checked_code(text, text) from public, anon;
grant execute on function app_private.join_branch(text, text) to authenticated;
revoke all on function app_private.join_branch_checked_code(text, text) from authenticated;
