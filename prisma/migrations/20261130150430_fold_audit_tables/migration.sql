-- The document export log and the clock policy audit become AdminEvent rows (DOCUMENT_EXPORTED,
-- CLOCK_POLICY_*), then their tables go. AdminEvent's append-only trigger guards UPDATE, DELETE and
-- TRUNCATE only, so these INSERTs pass; DROP TABLE is not stopped by the old tables' row triggers.
-- Copied rows keep their time ("at") and are numbered in time order after the existing events.

INSERT INTO "AdminEvent" ("actorId", "actorRole", "action", "agencyId", "entity", "entityId", "before", "after", "detail", "at")
SELECT "actorId", "actorRole", "action", "agencyId", "entity", "entityId", "before", "after", "detail", "at"
FROM (
  SELECT e."userId" AS "actorId", e."role"::text::"ActorRole" AS "actorRole", 'DOCUMENT_EXPORTED'::"AdminAction" AS "action",
    e."agencyId", 'Document' AS "entity", e."linkId"::text AS "entityId", NULL::jsonb AS "before", NULL::jsonb AS "after",
    jsonb_build_object('kind', e."kind", 'format', e."format", 'parameters', e."parameters", 'fileName', e."fileName",
      'rowCount', e."rowCount", 'confidentialRevealed', e."confidentialRevealed") AS "detail",
    e."at", 0 AS source, e."id"
  FROM "DocumentExport" e
  UNION ALL
  SELECT p."actorId", p."actorRole"::text::"ActorRole",
    (CASE p."action" WHEN 'SET' THEN 'CLOCK_POLICY_SET' WHEN 'CLEAR' THEN 'CLOCK_POLICY_CLEARED' ELSE 'CLOCK_POLICY_PRESET_APPLIED' END)::"AdminAction",
    p."agencyId", 'ClockPolicy', COALESCE(p."agencyId"::text, 'REGENCY'), p."before", p."after",
    jsonb_build_object('recomputedComplaints', p."recomputed"),
    p."at", 1, p."id"
  FROM "ClockPolicyChange" p
) folded
ORDER BY "at", source, id;

-- DropTable
DROP TABLE "DocumentExport";

-- DropTable
DROP TABLE "ClockPolicyChange";
