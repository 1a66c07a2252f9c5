-- A pledge signature certifies who signed, when, and that a hand drew it. Those facts come from the
-- server, not from the phone, and never change once the signature is stored:
--   signer_name  a member's signature: the member's name on the roster (what the phone sends is
--                ignored); a department's or sub-unit's signature: the name the admin typed
--   signed_at    the server's clock when the signature reached it (the phone's clock is ignored)
--   strokes      at least one stroke of at least 3 points (CHECK below)
-- The phone may keep sending these columns; the row it pulls back shows the server's values.
-- Writers the database trusts (migrations, seed, definer functions) keep the values they give.

-- SECURITY INVOKER: is_trusted() reads current_user, which a definer function would replace. The
-- signer reads his own roster row under RLS.
create function app_private.set_pledge_signature_facts() returns trigger
language plpgsql security invoker set search_path = ''
as $$
declare
  v_name text;
begin
  if tg_op = 'UPDATE' then
    if not app_private.is_trusted()
       and (new.signer_name is distinct from old.signer_name or new.signed_at is distinct from old.signed_at
            or new.strokes is distinct from old.strokes or new.template_id is distinct from old.template_id
            or new.signed_text_sha256 is distinct from old.signed_text_sha256
            or new.member_id is distinct from old.member_id or new.unit_id is distinct from old.unit_id)
       and not (new._deleted and not old._deleted) then
      raise exception '已签署的承诺书不能修改' using errcode = '42501';
    end if;
    return new;
  end if;
  if app_private.is_trusted() then
    return new;
  end if;
  new.signed_at := pg_catalog.now();
  if new.member_id is not null then
    select m.name into v_name from public.members m where m.id = new.member_id and m.branch_id = new.branch_id;
    -- No such roster row: the foreign key refuses the row with the same answer as for any unknown id.
    new.signer_name := coalesce(pg_catalog.btrim(v_name), new.signer_name);
  end if;
  return new;
end
$$;
revoke all on function app_private.set_pledge_signature_facts() from public, anon, authenticated;
create trigger set_pledge_signature_facts before insert or update on public.pledge_signatures
  for each row execute function app_private.set_pledge_signature_facts();

-- NOT VALID: signatures stored before this rule stay as they are; every new one is checked.
-- A tombstone's strokes are cleared (20261201001300_tombstones.sql), hence `_deleted or`.
alter table public.pledge_signatures add constraint pledge_signatures_strokes_drawn check (
  _deleted or jsonb_path_exists(strokes, 'strict $[*] ? (@.type() == "array" && @.size() >= 3)')
) not valid;
