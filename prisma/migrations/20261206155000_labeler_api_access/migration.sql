-- Hand-written (issue 23, claim and submit CPU): the labeler API's access rule as one statement that
-- fails when the request is refused (lib/auth/require-labeler-access.ts), so it can lead the claim's
-- and the submit's first round trip: nothing sent after it in that round trip runs for a refused
-- request. The user is re-read as on every request: signed out (SQLSTATE PLA01: missing, inactive,
-- another session version), no such project for them (PLA04: none, or not a member and not an
-- admin), a role that does not label (PLA03, the role in DETAIL). Returns the role.
CREATE FUNCTION labeler_api_access(uid uuid, project uuid, session_version integer) RETURNS text
  LANGUAGE plpgsql STABLE AS $$
DECLARE
  u record;
BEGIN
  SELECT us.role::text AS role, us.active, us."sessionVersion" AS sv, p.id IS NOT NULL AS found, m.id IS NOT NULL AS member INTO u
  FROM users us
  LEFT JOIN projects p ON p.id = project
  LEFT JOIN memberships m ON m."projectId" = p.id AND m."userId" = us.id
  WHERE us.id = uid;
  IF NOT FOUND OR NOT u.active OR u.sv IS DISTINCT FROM session_version THEN
    RAISE EXCEPTION 'labeler API: signed out' USING ERRCODE = 'PLA01';
  END IF;
  IF NOT u.found OR (NOT u.member AND u.role <> 'ADMIN') THEN
    RAISE EXCEPTION 'labeler API: no such project' USING ERRCODE = 'PLA04';
  END IF;
  IF u.role NOT IN ('ADMIN', 'LABELER', 'LEAD') THEN
    RAISE EXCEPTION 'labeler API: role does not label' USING ERRCODE = 'PLA03', DETAIL = u.role;
  END IF;
  RETURN u.role;
END
$$;
