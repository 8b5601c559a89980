-- Hand-written (issue 23, claim and submit CPU): the labeler API's access check refuses by failing,
-- so it can lead the claim's and the submit's first round trip: nothing sent after it in that round
-- trip runs for a refused request. The rule itself is one SQL statement (ACCESS in
-- lib/auth/require-labeler-access.ts); this function is what it calls, only on the branch that
-- refuses (VOLATILE, so it is never evaluated ahead of time): SQLSTATE PLA01 signed out, PLA04 no
-- such project, PLA03 a role that does not label (the role in DETAIL).
CREATE FUNCTION labeler_api_refuse(code text, detail text) RETURNS text
  LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  RAISE EXCEPTION 'labeler API access refused (%)', code USING ERRCODE = code, DETAIL = coalesce(detail, '');
END
$$;
