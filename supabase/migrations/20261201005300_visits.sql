-- 走访慰问 and 帮扶 as the branch committee or the organisation's admins record them (DESIGN.md §2,
-- Visits): goods as items with a quantity and a unit, the persons visited who are on the roster,
-- and who may read a visit.
--
--   goods_items         [{name, quantity, unit}] (电视机 2 台, 床上用品 1 批): at most 50 items, name
--                       1..50 characters, unit 1..10, quantity a JSON number > 0 and <= 100000 with
--                       at most one decimal (goods are counted in whole 台/批/套/件, or in tenths of
--                       a weight: 2.5 公斤), no other keys. The old free-text `goods` stays as
--                       written and readable; new records use the items.
--   visited_member_ids  the persons visited who are on the roster (a retired member, a colleague in
--                       difficulty): at most 100, each a roster row of the visit's organisation
--                       (any branch: retired members sit in the 离退休党支部). Refused like a
--                       foreign key (23503), so an unknown id and another organisation's look alike.
--
-- Writers: the branch's organizers and secretary, as before, and now the organisation's admins (the
-- 机关党委 records visits made for a branch).
-- Readers: the branch's committee, leaders and admins read every visit. A member now reads only the
-- visits he took part in: listed in participant_ids, or with a live visit_participants row of his
-- own. Why (least privilege, DESIGN.md §1): a visit names the colleague in difficulty or the
-- household visited and notes their situation (illness, money); a colleague needs none of that, and
-- the member who went needs the visit for his own record (我的记录). A row-level rule, because the
-- sensitive columns (visited persons, notes) are the visit's own: hiding them from the branch while
-- showing the rest would need another table.

-- Goods items, checked whole. Immutable, so a CHECK may use it.
create function app_private.is_goods_items(p_value jsonb) returns boolean
language sql immutable security invoker set search_path = ''
as $$
  select pg_catalog.jsonb_typeof(p_value) = 'array'
    and pg_catalog.jsonb_array_length(p_value) <= 50
    and not exists (
      select 1 from pg_catalog.jsonb_array_elements(p_value) g
      where pg_catalog.jsonb_typeof(g) <> 'object'
         or pg_catalog.jsonb_typeof(g -> 'name') is distinct from 'string'
         or pg_catalog.char_length(pg_catalog.btrim(g ->> 'name')) not between 1 and 50
         or pg_catalog.jsonb_typeof(g -> 'unit') is distinct from 'string'
         or pg_catalog.char_length(pg_catalog.btrim(g ->> 'unit')) not between 1 and 10
         or case when pg_catalog.jsonb_typeof(g -> 'quantity') = 'number'
                 then (g ->> 'quantity')::numeric <= 0
                   or (g ->> 'quantity')::numeric > 100000
                   or (g ->> 'quantity')::numeric * 10 <> pg_catalog.trunc((g ->> 'quantity')::numeric * 10)
                 else true end
         or exists (select 1 from pg_catalog.jsonb_object_keys(g) k where k not in ('name', 'quantity', 'unit')))
$$;
revoke all on function app_private.is_goods_items(jsonb) from public, anon;
grant execute on function app_private.is_goods_items(jsonb) to authenticated;

alter table public.visits
  add column goods_items jsonb not null default '[]'::jsonb
    constraint visits_goods_items_check check (app_private.is_goods_items(goods_items)),
  add column visited_member_ids uuid[] not null default '{}'
    constraint visits_visited_member_ids_check check (cardinality(visited_member_ids) <= 100);

-- Each person visited is a roster row of the visit's organisation (23503 otherwise).
create function app_private.check_visited_members() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if exists (select 1 from pg_catalog.unnest(new.visited_member_ids) p(id)
             where not exists (select 1 from public.members m where m.id = p.id and m.org_id = new.org_id)) then
    raise exception using errcode = '23503', column = 'visited_member_ids',
      message = 'visited_member_ids: not on the organisation''s roster';
  end if;
  return new;
end
$$;
revoke all on function app_private.check_visited_members() from public, anon, authenticated;
create trigger check_visited_members before insert or update of visited_member_ids on public.visits
  for each row execute function app_private.check_visited_members();

-- The visits the caller recorded taking part in (his live visit_participants rows). A definer, so
-- the visits policy reads them past visit_participants' own policy without a second policy pass.
create function app_private.my_visit_ids() returns uuid[]
language sql stable security definer set search_path = ''
as $$
  select coalesce(pg_catalog.array_agg(p.visit_id), '{}')
  from public.visit_participants p
  where p.member_id = (select app_private.current_member_id()) and not p._deleted
$$;
revoke all on function app_private.my_visit_ids() from public, anon;
grant execute on function app_private.my_visit_ids() to authenticated;

drop policy visits_select on public.visits;
create policy visits_select on public.visits for select to authenticated
  using ((select app_private.current_member_id()) = any (participant_ids)
         or id = any ((select app_private.my_visit_ids())::uuid[])
         or branch_id = any ((select app_private.branch_ids_with(array['organizer', 'secretary']))::uuid[])
         or org_id = any ((select app_private.org_ids_with(array['leader', 'admin']))::uuid[]));

drop policy visits_insert on public.visits;
create policy visits_insert on public.visits for insert to authenticated
  with check (branch_id = any ((select app_private.branch_ids_with(array['organizer', 'secretary']))::uuid[])
              or org_id = any ((select app_private.org_ids_with(array['admin']))::uuid[]));
drop policy visits_update on public.visits;
create policy visits_update on public.visits for update to authenticated
  using (branch_id = any ((select app_private.branch_ids_with(array['organizer', 'secretary']))::uuid[])
         or org_id = any ((select app_private.org_ids_with(array['admin']))::uuid[]))
  with check (branch_id = any ((select app_private.branch_ids_with(array['organizer', 'secretary']))::uuid[])
              or org_id = any ((select app_private.org_ids_with(array['admin']))::uuid[]));

-- The pull index and departure trigger see the new columns; a tombstone clears the new ones.
select app_private.sync_prepare_tables();
select app_private.prepare_tombstones();

-- Members' phones already hold every visit of their branch (with notes and the persons visited), and
-- no row of it changes, so no pull would remove it. The horizon moves past this migration: every
-- phone's next pull starts each table again (reset), keeping its unsent changes, and gets only what
-- it may now read. Past, not at: a phone that pulled just before holds this transaction's id.
update app_private.sync_state
set horizon = greatest(horizon, (pg_catalog.pg_current_xact_id()::text::numeric + 1)::text::xid8);
