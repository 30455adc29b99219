"""The SQL of the first city-wide tallies, as migration 0006 installed it and
0008 removes it: frozen here, never edited, so that neither migration changes
when the code that keeps the figures today (the ``figures`` app) does.
(The migration loader skips modules whose name starts with an underscore.)"""

# ruff: noqa: E501

INSTALL = """
CREATE TABLE meetings_tally_year_department (
    year integer NOT NULL,
    department_id bigint NOT NULL,
    meetings bigint NOT NULL,
    PRIMARY KEY (year, department_id)
);
CREATE TABLE meetings_tally_involvement (
    meeting_id bigint NOT NULL,
    partner_id bigint NOT NULL,
    country varchar(2) NOT NULL,
    paths integer NOT NULL,
    PRIMARY KEY (meeting_id, partner_id)
);
CREATE INDEX meetings_tally_involvement_partner ON meetings_tally_involvement (partner_id, meeting_id);
CREATE TABLE meetings_tally_partner (
    partner_id bigint PRIMARY KEY,
    meetings bigint NOT NULL
);
CREATE TABLE meetings_tally_country_involvement (
    meeting_id bigint NOT NULL,
    country varchar(2) NOT NULL,
    partners integer NOT NULL,
    PRIMARY KEY (meeting_id, country)
);
CREATE INDEX meetings_tally_country_involvement_country
    ON meetings_tally_country_involvement (country, meeting_id);
CREATE TABLE meetings_tally_country (
    country varchar(2) PRIMARY KEY,
    meetings bigint NOT NULL
);
CREATE TABLE meetings_tally_pending_follow_up (
    department_id bigint NOT NULL,
    due_on date NOT NULL,
    follow_ups bigint NOT NULL,
    PRIMARY KEY (department_id, due_on)
);
CREATE INDEX meetings_tally_pending_follow_up_due ON meetings_tally_pending_follow_up (due_on);
CREATE TABLE meetings_tally_pending_follow_up_month (
    department_id bigint NOT NULL,
    due_month date NOT NULL,
    follow_ups bigint NOT NULL,
    PRIMARY KEY (department_id, due_month)
);

CREATE FUNCTION meetings_tally_year(starts_at timestamptz) RETURNS integer
LANGUAGE sql IMMUTABLE AS $$ SELECT extract(year FROM starts_at AT TIME ZONE 'Asia/Jakarta')::integer $$;

CREATE FUNCTION meetings_tally_add_meeting(p_year integer, p_department bigint, p_delta integer)
RETURNS void LANGUAGE sql AS $$
    INSERT INTO meetings_tally_year_department AS t VALUES (p_year, p_department, p_delta)
    ON CONFLICT (year, department_id) DO UPDATE SET meetings = t.meetings + EXCLUDED.meetings;
$$;

CREATE FUNCTION meetings_tally_add_country(p_meeting bigint, p_country varchar, p_delta integer)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE now_partners integer;
BEGIN
    INSERT INTO meetings_tally_country_involvement AS t VALUES (p_meeting, p_country, p_delta)
    ON CONFLICT (meeting_id, country) DO UPDATE SET partners = t.partners + EXCLUDED.partners
    RETURNING partners INTO now_partners;
    IF now_partners = 0 THEN
        DELETE FROM meetings_tally_country_involvement WHERE meeting_id = p_meeting AND country = p_country;
    END IF;
    -- The meeting starts or stops counting for the country.
    IF (now_partners > 0) <> (now_partners - p_delta > 0) THEN
        INSERT INTO meetings_tally_country AS t VALUES (p_country, sign(p_delta))
        ON CONFLICT (country) DO UPDATE SET meetings = t.meetings + EXCLUDED.meetings;
    END IF;
END $$;

CREATE FUNCTION meetings_tally_add_path(p_meeting bigint, p_partner bigint, p_delta integer)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE now_paths integer; partner_country varchar;
BEGIN
    -- FOR SHARE: a concurrent change of the partner's country waits for this
    -- transaction, or this one for it, so the pair gets the country that holds.
    SELECT country INTO partner_country FROM partnerships_partner WHERE id = p_partner FOR SHARE;
    INSERT INTO meetings_tally_involvement AS t
    VALUES (p_meeting, p_partner, coalesce(partner_country, ''), p_delta)
    ON CONFLICT (meeting_id, partner_id) DO UPDATE SET paths = t.paths + EXCLUDED.paths
    RETURNING paths, country INTO now_paths, partner_country;
    IF now_paths = 0 THEN
        DELETE FROM meetings_tally_involvement WHERE meeting_id = p_meeting AND partner_id = p_partner;
    END IF;
    -- The partner starts or stops being involved in the meeting.
    IF (now_paths > 0) <> (now_paths - p_delta > 0) THEN
        INSERT INTO meetings_tally_partner AS t VALUES (p_partner, sign(p_delta))
        ON CONFLICT (partner_id) DO UPDATE SET meetings = t.meetings + EXCLUDED.meetings;
        PERFORM meetings_tally_add_country(p_meeting, partner_country, sign(p_delta)::integer);
    END IF;
END $$;

-- Per day and per month: "overdue today" sums the months before this one
-- and the days of this month, a few thousand rows at most.
CREATE FUNCTION meetings_tally_add_pending(p_department bigint, p_due date, p_status varchar, p_delta integer)
RETURNS void LANGUAGE sql AS $$
    INSERT INTO meetings_tally_pending_follow_up AS t
    SELECT p_department, p_due, p_delta WHERE p_due IS NOT NULL AND p_status IN ('open', 'in_progress')
    ON CONFLICT (department_id, due_on) DO UPDATE SET follow_ups = t.follow_ups + EXCLUDED.follow_ups;
    INSERT INTO meetings_tally_pending_follow_up_month AS t
    SELECT p_department, date_trunc('month', p_due)::date, p_delta
    WHERE p_due IS NOT NULL AND p_status IN ('open', 'in_progress')
    ON CONFLICT (department_id, due_month) DO UPDATE SET follow_ups = t.follow_ups + EXCLUDED.follow_ups;
$$;

CREATE FUNCTION meetings_tally_on_meeting() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND meetings_tally_year(OLD.starts_at) = meetings_tally_year(NEW.starts_at)
        AND OLD.owner_department_id = NEW.owner_department_id THEN
        RETURN NULL;
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        PERFORM meetings_tally_add_meeting(meetings_tally_year(OLD.starts_at), OLD.owner_department_id, -1);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM meetings_tally_add_meeting(meetings_tally_year(NEW.starts_at), NEW.owner_department_id, 1);
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION meetings_tally_on_at_table() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        PERFORM meetings_tally_add_path(OLD.meeting_id, OLD.partner_id, -1);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM meetings_tally_add_path(NEW.meeting_id, NEW.partner_id, 1);
    END IF;
    RETURN NULL;
END $$;

-- A meeting's link to a cooperation and the cooperation's link to a partner
-- each read the other table: one lock per cooperation makes two concurrent
-- transactions take turns, so the second sees the first's committed link.
CREATE FUNCTION meetings_tally_lock_cooperations(p_new bigint, p_old bigint) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    -- Both of an update, in id order, so two such updates cannot deadlock.
    PERFORM pg_advisory_xact_lock(5805, id::integer)
    FROM (SELECT p_new AS id UNION SELECT p_old) ids WHERE id IS NOT NULL ORDER BY id;
END $$;

CREATE FUNCTION meetings_tally_on_about() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM meetings_tally_lock_cooperations(NEW.cooperation_id, OLD.cooperation_id);
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        PERFORM meetings_tally_add_path(OLD.meeting_id, cp.partner_id, -1)
        FROM partnerships_cooperation_partners cp WHERE cp.cooperation_id = OLD.cooperation_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM meetings_tally_add_path(NEW.meeting_id, cp.partner_id, 1)
        FROM partnerships_cooperation_partners cp WHERE cp.cooperation_id = NEW.cooperation_id;
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION meetings_tally_on_cooperation_partner() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM meetings_tally_lock_cooperations(NEW.cooperation_id, OLD.cooperation_id);
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        PERFORM meetings_tally_add_path(mc.meeting_id, OLD.partner_id, -1)
        FROM meetings_meeting_cooperations mc WHERE mc.cooperation_id = OLD.cooperation_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM meetings_tally_add_path(mc.meeting_id, NEW.partner_id, 1)
        FROM meetings_meeting_cooperations mc WHERE mc.cooperation_id = NEW.cooperation_id;
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION meetings_tally_on_partner_country() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM meetings_tally_add_country(i.meeting_id, OLD.country, -1),
            meetings_tally_add_country(i.meeting_id, NEW.country, 1)
    FROM meetings_tally_involvement i WHERE i.partner_id = NEW.id;
    UPDATE meetings_tally_involvement SET country = NEW.country WHERE partner_id = NEW.id;
    RETURN NULL;
END $$;

CREATE FUNCTION meetings_tally_on_follow_up() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND (OLD.owner_department_id, OLD.due_on, OLD.status)
        IS NOT DISTINCT FROM (NEW.owner_department_id, NEW.due_on, NEW.status) THEN
        RETURN NULL;
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        PERFORM meetings_tally_add_pending(OLD.owner_department_id, OLD.due_on, OLD.status, -1);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM meetings_tally_add_pending(NEW.owner_department_id, NEW.due_on, NEW.status, 1);
    END IF;
    RETURN NULL;
END $$;

-- Recounts everything from the rows: after a migration, a bulk load, or a
-- TRUNCATE (which row triggers do not see).
CREATE FUNCTION meetings_tally_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM meetings_tally_year_department;
    INSERT INTO meetings_tally_year_department
    SELECT meetings_tally_year(starts_at), owner_department_id, count(*) FROM meetings_meeting GROUP BY 1, 2;

    DELETE FROM meetings_tally_involvement;
    INSERT INTO meetings_tally_involvement
    SELECT paths.meeting_id, paths.partner_id, p.country, count(*)
    FROM (
        SELECT meeting_id, partner_id FROM meetings_meeting_partners
        UNION ALL
        SELECT mc.meeting_id, cp.partner_id FROM meetings_meeting_cooperations mc
        JOIN partnerships_cooperation_partners cp ON cp.cooperation_id = mc.cooperation_id
    ) paths JOIN partnerships_partner p ON p.id = paths.partner_id
    GROUP BY 1, 2, 3;

    DELETE FROM meetings_tally_partner;
    INSERT INTO meetings_tally_partner SELECT partner_id, count(*) FROM meetings_tally_involvement GROUP BY 1;

    DELETE FROM meetings_tally_country_involvement;
    INSERT INTO meetings_tally_country_involvement
    SELECT meeting_id, country, count(*) FROM meetings_tally_involvement GROUP BY 1, 2;

    DELETE FROM meetings_tally_country;
    INSERT INTO meetings_tally_country
    SELECT country, count(*) FROM meetings_tally_country_involvement GROUP BY 1;

    DELETE FROM meetings_tally_pending_follow_up;
    INSERT INTO meetings_tally_pending_follow_up
    SELECT owner_department_id, due_on, count(*) FROM meetings_followup
    WHERE due_on IS NOT NULL AND status IN ('open', 'in_progress') GROUP BY 1, 2;

    DELETE FROM meetings_tally_pending_follow_up_month;
    INSERT INTO meetings_tally_pending_follow_up_month
    SELECT department_id, date_trunc('month', due_on)::date, sum(follow_ups)
    FROM meetings_tally_pending_follow_up GROUP BY 1, 2;
END $$;

CREATE FUNCTION meetings_tally_on_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM meetings_tally_rebuild();
    RETURN NULL;
END $$;
CREATE TRIGGER meetings_tally_meeting AFTER INSERT OR DELETE OR UPDATE OF starts_at, owner_department_id ON meetings_meeting FOR EACH ROW EXECUTE FUNCTION meetings_tally_on_meeting();
CREATE TRIGGER meetings_tally_at_table AFTER INSERT OR DELETE OR UPDATE ON meetings_meeting_partners FOR EACH ROW EXECUTE FUNCTION meetings_tally_on_at_table();
CREATE TRIGGER meetings_tally_about AFTER INSERT OR DELETE OR UPDATE ON meetings_meeting_cooperations FOR EACH ROW EXECUTE FUNCTION meetings_tally_on_about();
CREATE TRIGGER meetings_tally_cooperation_partner AFTER INSERT OR DELETE OR UPDATE ON partnerships_cooperation_partners FOR EACH ROW EXECUTE FUNCTION meetings_tally_on_cooperation_partner();
CREATE TRIGGER meetings_tally_follow_up AFTER INSERT OR DELETE OR UPDATE OF status, due_on, owner_department_id ON meetings_followup FOR EACH ROW EXECUTE FUNCTION meetings_tally_on_follow_up();
CREATE TRIGGER meetings_tally_partner_country AFTER UPDATE OF country ON partnerships_partner FOR EACH ROW WHEN (OLD.country IS DISTINCT FROM NEW.country) EXECUTE FUNCTION meetings_tally_on_partner_country();
CREATE TRIGGER meetings_tally_truncate AFTER TRUNCATE ON meetings_meeting FOR EACH STATEMENT EXECUTE FUNCTION meetings_tally_on_truncate();
CREATE TRIGGER meetings_tally_truncate AFTER TRUNCATE ON meetings_meeting_partners FOR EACH STATEMENT EXECUTE FUNCTION meetings_tally_on_truncate();
CREATE TRIGGER meetings_tally_truncate AFTER TRUNCATE ON meetings_meeting_cooperations FOR EACH STATEMENT EXECUTE FUNCTION meetings_tally_on_truncate();
CREATE TRIGGER meetings_tally_truncate AFTER TRUNCATE ON partnerships_cooperation_partners FOR EACH STATEMENT EXECUTE FUNCTION meetings_tally_on_truncate();
CREATE TRIGGER meetings_tally_truncate AFTER TRUNCATE ON partnerships_partner FOR EACH STATEMENT EXECUTE FUNCTION meetings_tally_on_truncate();
CREATE TRIGGER meetings_tally_truncate AFTER TRUNCATE ON meetings_followup FOR EACH STATEMENT EXECUTE FUNCTION meetings_tally_on_truncate();
SELECT meetings_tally_rebuild();"""

UNINSTALL = """DROP TRIGGER IF EXISTS meetings_tally_meeting ON meetings_meeting;
DROP TRIGGER IF EXISTS meetings_tally_at_table ON meetings_meeting_partners;
DROP TRIGGER IF EXISTS meetings_tally_about ON meetings_meeting_cooperations;
DROP TRIGGER IF EXISTS meetings_tally_cooperation_partner ON partnerships_cooperation_partners;
DROP TRIGGER IF EXISTS meetings_tally_follow_up ON meetings_followup;
DROP TRIGGER IF EXISTS meetings_tally_partner_country ON partnerships_partner;
DROP TRIGGER IF EXISTS meetings_tally_truncate ON meetings_meeting;
DROP TRIGGER IF EXISTS meetings_tally_truncate ON meetings_meeting_partners;
DROP TRIGGER IF EXISTS meetings_tally_truncate ON meetings_meeting_cooperations;
DROP TRIGGER IF EXISTS meetings_tally_truncate ON partnerships_cooperation_partners;
DROP TRIGGER IF EXISTS meetings_tally_truncate ON partnerships_partner;
DROP TRIGGER IF EXISTS meetings_tally_truncate ON meetings_followup;
DROP FUNCTION IF EXISTS meetings_tally_on_truncate();
DROP FUNCTION IF EXISTS meetings_tally_rebuild();
DROP FUNCTION IF EXISTS meetings_tally_on_follow_up();
DROP FUNCTION IF EXISTS meetings_tally_on_partner_country();
DROP FUNCTION IF EXISTS meetings_tally_on_cooperation_partner();
DROP FUNCTION IF EXISTS meetings_tally_on_about();
DROP FUNCTION IF EXISTS meetings_tally_on_at_table();
DROP FUNCTION IF EXISTS meetings_tally_on_meeting();
DROP FUNCTION IF EXISTS meetings_tally_add_pending(bigint, date, varchar, integer);
DROP FUNCTION IF EXISTS meetings_tally_add_path(bigint, bigint, integer);
DROP FUNCTION IF EXISTS meetings_tally_add_country(bigint, varchar, integer);
DROP FUNCTION IF EXISTS meetings_tally_add_meeting(integer, bigint, integer);
DROP FUNCTION IF EXISTS meetings_tally_lock_cooperations(bigint, bigint);
DROP FUNCTION IF EXISTS meetings_tally_year(timestamptz);
DROP TABLE IF EXISTS meetings_tally_year_department;
DROP TABLE IF EXISTS meetings_tally_involvement;
DROP TABLE IF EXISTS meetings_tally_partner;
DROP TABLE IF EXISTS meetings_tally_country_involvement;
DROP TABLE IF EXISTS meetings_tally_country;
DROP TABLE IF EXISTS meetings_tally_pending_follow_up;
DROP TABLE IF EXISTS meetings_tally_pending_follow_up_month;"""
