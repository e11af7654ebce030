/// The marketplace's side of the link: the `vgk_link` schema in its PostgreSQL, made by frozen,
/// named migrations (as the point's SQLite schema is). A shipped migration never changes; a
/// change is a new one with a new name. They name no type of this program: the feed's kinds are
/// written out, and a test holds them equal to `FeedKind`.
///
/// Who may do what is the schema's own business, not the program's: every object is revoked from
/// PUBLIC; the group role `vgk_link_point` (one member per pickup point, made by `add-point`)
/// may read its point's feed, insert its point's events, and call `current_point()` and
/// `acknowledge(cursor)`, and nothing else. Row-level security is enabled and forced on the
/// three tables: a point's rows are those of `current_point()`, which names the point whose
/// role the connection logged in as (`session_user`: SET ROLE never makes a connection a
/// point, and inside a SECURITY DEFINER function `current_user` would be the owner). Roles that
/// are not members of `vgk_link_point` (the schema's owner, the marketplace's own roles given
/// privileges by its DBA) pass the row policies; their privileges alone decide what they see.
public enum CentralSchema {
  public struct Migration: Sendable {
    public var name: String
    public var sql: String
  }

  /// The schema, its migrations table and the advisory lock that serialises setups.
  public static let schema = "vgk_link"
  /// `pg_advisory_xact_lock` key of `setup` (the bytes of "vgk_link" as a big-endian integer).
  public static let lockKey: Int64 = 0x76676B5F6C696E6B
  /// The group role every point's role is a member of.
  public static let pointGroup = "vgk_link_point"

  /// Applies the migrations `connection`'s database lacks, each in its own transaction under
  /// `pg_advisory_xact_lock(lockKey)`, so that two setups at once apply each migration once;
  /// returns the names applied (none when all were). A database with migrations this program
  /// does not know (a newer version's) is refused, and nothing is done.
  @discardableResult
  public static func setup(_ connection: PGConnection) throws -> [String] {
    var applied: [String] = []
    for migration in migrations {
      let done: Bool = try connection.transaction {
        try connection.execute("SELECT pg_advisory_xact_lock($1)", [String(lockKey)])
        try connection.run(
          """
          CREATE SCHEMA IF NOT EXISTS vgk_link;
          CREATE TABLE IF NOT EXISTS vgk_link.schema_migrations (
            name text PRIMARY KEY,
            applied_at timestamptz NOT NULL DEFAULT now()
          );
          """)
        let known = Set(migrations.map(\.name))
        let present = try connection.execute("SELECT name FROM vgk_link.schema_migrations ORDER BY name").rows.compactMap { $0[0] }
        let unknown = present.filter { !known.contains($0) }
        if !unknown.isEmpty {
          throw LinkError.refused(
            "the centre's schema vgk_link was set up by a newer vgk-staff (unknown migrations: \(unknown.joined(separator: ", "))); "
              + "upgrade this program first", sqlState: nil)
        }
        if present.contains(migration.name) { return false }
        try connection.run(migration.sql)
        try connection.execute("INSERT INTO vgk_link.schema_migrations (name) VALUES ($1)", [migration.name])
        return true
      }
      if done { applied.append(migration.name) }
    }
    return applied
  }

  /// In order. Each runs in its own transaction, under the advisory lock, and is recorded in
  /// `vgk_link.schema_migrations` with it.
  public static let migrations: [Migration] = [
    Migration(name: "c1-points-feed-events", sql: c1),
    Migration(name: "c2-acknowledge-routing", sql: c2),
    Migration(name: "c3-security", sql: c3),
    Migration(name: "c4-sealed-pickup-codes", sql: c4),
  ]

  /// Points, the feed and the events; the feed's gapless per-point seq; the NOTIFY triggers.
  static let c1 = """
    DO $$ BEGIN
      CREATE ROLE vgk_link_point NOLOGIN;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN
      -- Roles belong to the cluster: another database's setup made it, or is making it now.
      NULL;
    END $$;

    CREATE TABLE vgk_link.points (
      code text PRIMARY KEY CHECK (code ~ '^[A-Z][A-Z0-9-]{1,15}$'),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
      role_name text NOT NULL UNIQUE CHECK (role_name = 'vgk_point_' || lower(replace(code, '-', '_'))),
      feed_head bigint NOT NULL DEFAULT 0 CHECK (feed_head >= 0),
      acked bigint NOT NULL DEFAULT 0 CHECK (acked >= 0 AND acked <= feed_head),
      last_seen timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    );

    -- The point whose role this connection logged in as; NULL for any other role.
    CREATE FUNCTION vgk_link.current_point() RETURNS text
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
      AS $$ SELECT code FROM vgk_link.points WHERE role_name = session_user $$;

    CREATE TABLE vgk_link.feed (
      point text NOT NULL REFERENCES vgk_link.points (code),
      seq bigint NOT NULL CHECK (seq >= 1),
      kind text NOT NULL CHECK (kind IN ('order', 'order.cancelled', 'product', 'staff', 'transfer')),
      payload jsonb NOT NULL CHECK (jsonb_typeof(payload) = 'object'),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (point, seq)
    );
    -- The records whose pickup code is still in clear (until their point acknowledges them).
    CREATE INDEX feed_with_code ON vgk_link.feed (point, seq) WHERE payload ? 'pickup_code';

    -- seq is one more than the point's last: its feed_head or its feed's greatest seq (which
    -- counts the records of this statement already inserted). The point's row is locked FOR
    -- UPDATE to commit, so the point's writers take turns: seq order is commit order, and
    -- without gaps (a rolled back record takes its seq with it). A cursor after N never skips
    -- a later commit <= N. feed_head moves once per statement, not once per record: updating
    -- one row once per record would leave a chain of versions that each update walks.
    CREATE FUNCTION vgk_link.feed_assign_seq() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
      AS $$
    DECLARE
      head bigint;
    BEGIN
      SELECT feed_head INTO head FROM vgk_link.points WHERE code = NEW.point FOR UPDATE;
      IF NOT FOUND THEN
        RAISE EXCEPTION 'no pickup point % in vgk_link.points', NEW.point USING ERRCODE = 'foreign_key_violation';
      END IF;
      NEW.seq := greatest(head, coalesce((SELECT max(seq) FROM vgk_link.feed WHERE point = NEW.point), 0)) + 1;
      RETURN NEW;
    END $$;
    CREATE TRIGGER feed_seq BEFORE INSERT ON vgk_link.feed FOR EACH ROW EXECUTE FUNCTION vgk_link.feed_assign_seq();

    CREATE FUNCTION vgk_link.feed_move_head() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
      AS $$
    BEGIN
      UPDATE vgk_link.points p SET feed_head = m.top
        FROM (SELECT point, max(seq) AS top FROM new_records GROUP BY point) m
       WHERE p.code = m.point AND m.top > p.feed_head;
      RETURN NULL;
    END $$;
    CREATE TRIGGER feed_head AFTER INSERT ON vgk_link.feed REFERENCING NEW TABLE AS new_records
      FOR EACH STATEMENT EXECUTE FUNCTION vgk_link.feed_move_head();

    -- A record keeps its place: only its payload may change (acknowledge strips the code).
    CREATE FUNCTION vgk_link.feed_keep_place() RETURNS trigger
      LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
      AS $$
    BEGIN
      IF NEW.point IS DISTINCT FROM OLD.point OR NEW.seq IS DISTINCT FROM OLD.seq OR NEW.kind IS DISTINCT FROM OLD.kind
         OR NEW.created_at IS DISTINCT FROM OLD.created_at THEN
        RAISE EXCEPTION 'a feed record''s point, seq, kind and created_at never change' USING ERRCODE = 'integrity_constraint_violation';
      END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER feed_place BEFORE UPDATE ON vgk_link.feed FOR EACH ROW EXECUTE FUNCTION vgk_link.feed_keep_place();

    -- The payload is empty: a listener learns that its feed moved, nothing of what it holds.
    CREATE FUNCTION vgk_link.feed_notify() RETURNS trigger
      LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
      AS $$
    BEGIN
      PERFORM pg_notify('vgk_feed_' || lower(replace(NEW.point, '-', '_')), '');
      RETURN NULL;
    END $$;
    CREATE TRIGGER feed_notify AFTER INSERT ON vgk_link.feed FOR EACH ROW EXECUTE FUNCTION vgk_link.feed_notify();

    CREATE TABLE vgk_link.events (
      id bigserial PRIMARY KEY,
      point text NOT NULL DEFAULT vgk_link.current_point() REFERENCES vgk_link.points (code),
      dedup_key text NOT NULL CHECK (length(dedup_key) BETWEEN 1 AND 200),
      event_type text NOT NULL CHECK (event_type ~ '^[a-z][a-z0-9_.]{0,63}$'),
      payload jsonb NOT NULL CHECK (jsonb_typeof(payload) = 'object' AND octet_length(payload::text) <= 262144),
      occurred_at timestamptz NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (point, dedup_key)
    );

    CREATE FUNCTION vgk_link.events_notify() RETURNS trigger
      LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
      AS $$
    BEGIN
      PERFORM pg_notify('vgk_events', NEW.point);
      RETURN NULL;
    END $$;
    CREATE TRIGGER events_notify AFTER INSERT ON vgk_link.events FOR EACH ROW EXECUTE FUNCTION vgk_link.events_notify();
    """

  /// `acknowledge(cursor)` and the routing of transfers to their destination's feed.
  static let c2 = """
    -- The current point has applied its feed up to `cursor`: the centre records it and strips
    -- the clear pickup codes of those records (the code goes only as far as the point).
    CREATE FUNCTION vgk_link.acknowledge("cursor" bigint) RETURNS void
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
      AS $$
    DECLARE
      p text := vgk_link.current_point();
      head bigint;
    BEGIN
      IF p IS NULL THEN
        RAISE EXCEPTION 'acknowledge: % is not a pickup point''s role', session_user USING ERRCODE = 'insufficient_privilege';
      END IF;
      IF "cursor" IS NULL OR "cursor" < 0 THEN
        RAISE EXCEPTION 'acknowledge: the cursor must be a whole number >= 0' USING ERRCODE = 'invalid_parameter_value';
      END IF;
      SELECT feed_head INTO head FROM vgk_link.points WHERE code = p FOR UPDATE;
      IF "cursor" > head THEN
        RAISE EXCEPTION 'acknowledge: cursor % is past the feed of % (% records): is this the point''s centre?', "cursor", p, head
          USING ERRCODE = 'invalid_parameter_value';
      END IF;
      UPDATE vgk_link.points SET acked = greatest(acked, "cursor"), last_seen = now() WHERE code = p;
      UPDATE vgk_link.feed SET payload = payload - 'pickup_code'
       WHERE point = p AND seq <= "cursor" AND payload ? 'pickup_code';
    END $$;

    -- A transfer sent from a point becomes a `transfer` record in its destination's feed, when
    -- that point exists. The centre vouches for the sender: `from` and `from_name` are the
    -- sending point's, whatever the event said.
    CREATE FUNCTION vgk_link.route_transfer() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
      AS $$
    DECLARE
      destination text := NEW.payload ->> 'to';
      sender_name text;
    BEGIN
      IF destination IS NULL OR destination = NEW.point
         OR NOT EXISTS (SELECT 1 FROM vgk_link.points WHERE code = destination) THEN
        RETURN NULL;
      END IF;
      SELECT name INTO sender_name FROM vgk_link.points WHERE code = NEW.point;
      INSERT INTO vgk_link.feed (point, kind, payload)
      VALUES (destination, 'transfer',
              NEW.payload || jsonb_build_object('from', NEW.point, 'from_name', sender_name));
      RETURN NULL;
    END $$;
    CREATE TRIGGER events_route_transfer AFTER INSERT ON vgk_link.events FOR EACH ROW
      WHEN (NEW.event_type = 'transfer.sent') EXECUTE FUNCTION vgk_link.route_transfer();
    """

  /// Nothing for PUBLIC; the point group's few grants; row-level security on the three tables.
  static let c3 = """
    REVOKE ALL ON SCHEMA vgk_link FROM PUBLIC;
    REVOKE ALL ON ALL TABLES IN SCHEMA vgk_link FROM PUBLIC;
    REVOKE ALL ON ALL SEQUENCES IN SCHEMA vgk_link FROM PUBLIC;
    REVOKE ALL ON ALL FUNCTIONS IN SCHEMA vgk_link FROM PUBLIC;

    GRANT USAGE ON SCHEMA vgk_link TO vgk_link_point;
    GRANT SELECT ON vgk_link.feed TO vgk_link_point;
    -- Not id nor received_at: the centre numbers and dates what it receives (an id planted
    -- ahead of the sequence would make another point's insert fail).
    GRANT INSERT (point, dedup_key, event_type, payload, occurred_at) ON vgk_link.events TO vgk_link_point;
    -- INSERT … ON CONFLICT (point, dedup_key) DO NOTHING needs SELECT on the conflict's columns,
    -- and then the new row must pass a SELECT policy: a point may see its own (point,
    -- dedup_key) pairs, and nothing else of events.
    GRANT SELECT (point, dedup_key) ON vgk_link.events TO vgk_link_point;
    GRANT USAGE ON SEQUENCE vgk_link.events_id_seq TO vgk_link_point;
    GRANT EXECUTE ON FUNCTION vgk_link.current_point(), vgk_link.acknowledge(bigint) TO vgk_link_point;

    ALTER TABLE vgk_link.points ENABLE ROW LEVEL SECURITY;
    ALTER TABLE vgk_link.points FORCE ROW LEVEL SECURITY;
    ALTER TABLE vgk_link.feed ENABLE ROW LEVEL SECURITY;
    ALTER TABLE vgk_link.feed FORCE ROW LEVEL SECURITY;
    ALTER TABLE vgk_link.events ENABLE ROW LEVEL SECURITY;
    ALTER TABLE vgk_link.events FORCE ROW LEVEL SECURITY;

    -- A point reads its own feed, inserts its own events and sees their keys; it has no
    -- privilege on points.
    CREATE POLICY feed_own ON vgk_link.feed FOR SELECT TO vgk_link_point
      USING (point = vgk_link.current_point());
    CREATE POLICY events_own ON vgk_link.events FOR INSERT TO vgk_link_point
      WITH CHECK (point = vgk_link.current_point());
    CREATE POLICY events_own_keys ON vgk_link.events FOR SELECT TO vgk_link_point
      USING (point = vgk_link.current_point());

    -- Any other role (the owner, and its SECURITY DEFINER functions) passes the row policies:
    -- what it may do is what its privileges allow.
    CREATE POLICY points_not_a_point ON vgk_link.points
      USING (NOT pg_has_role(current_user, 'vgk_link_point', 'MEMBER'))
      WITH CHECK (NOT pg_has_role(current_user, 'vgk_link_point', 'MEMBER'));
    CREATE POLICY feed_not_a_point ON vgk_link.feed
      USING (NOT pg_has_role(current_user, 'vgk_link_point', 'MEMBER'))
      WITH CHECK (NOT pg_has_role(current_user, 'vgk_link_point', 'MEMBER'));
    CREATE POLICY events_not_a_point ON vgk_link.events
      USING (NOT pg_has_role(current_user, 'vgk_link_point', 'MEMBER'))
      WITH CHECK (NOT pg_has_role(current_user, 'vgk_link_point', 'MEMBER'));
    """

  /// Pickup codes sealed at the centre: each point gives the centre its pickup-code key (the
  /// marketplace made the codes, so the key tells it nothing it did not know), and from then on
  /// an order's `pickup_code` is replaced, as the row is written, by `pickup_code_hmac`: the
  /// HMAC-SHA256 of `ORDER:{order_id}:{code}` under that key, which is what the point stores. So
  /// the centre keeps no clear code for a point that has made contact, and a clerk reading the
  /// point's own feed with its credentials finds none either. HMAC is written out with sha256()
  /// (PostgreSQL 11+) rather than pgcrypto, which a marketplace's server may not have.
  static let c4 = """
    ALTER TABLE vgk_link.points ADD COLUMN pickup_key bytea CHECK (octet_length(pickup_key) = 32);

    CREATE FUNCTION vgk_link.hmac_sha256(key bytea, message bytea) RETURNS bytea
      LANGUAGE plpgsql IMMUTABLE STRICT SET search_path = pg_catalog, pg_temp
      AS $$
    DECLARE
      padded bytea := key || decode(repeat('00', 64 - octet_length(key)), 'hex');
      inner_key bytea := padded;
      outer_key bytea := padded;
    BEGIN
      IF octet_length(key) > 64 THEN
        RAISE EXCEPTION 'hmac_sha256: keys longer than 64 bytes are not used here' USING ERRCODE = 'invalid_parameter_value';
      END IF;
      FOR i IN 0..63 LOOP
        inner_key := set_byte(inner_key, i, get_byte(padded, i) # 54);
        outer_key := set_byte(outer_key, i, get_byte(padded, i) # 92);
      END LOOP;
      RETURN sha256(outer_key || sha256(inner_key || message));
    END $$;

    -- An order's payload with its clear code replaced by the point's digest of it (unchanged
    -- without a key, or without a clear code).
    CREATE FUNCTION vgk_link.sealed_order(payload jsonb, key bytea) RETURNS jsonb
      LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp
      AS $$
      SELECT CASE
        WHEN key IS NULL OR jsonb_typeof(payload) <> 'object' OR NOT payload ? 'pickup_code'
          OR jsonb_typeof(payload -> 'pickup_code') <> 'string' THEN payload
        ELSE (payload - 'pickup_code') || jsonb_build_object('pickup_code_hmac', encode(vgk_link.hmac_sha256(
          key, convert_to('ORDER:' || (payload ->> 'order_id') || ':' || (payload ->> 'pickup_code'), 'UTF8')), 'hex'))
      END
    $$;

    CREATE FUNCTION vgk_link.seal_feed_order() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
      AS $$
    BEGIN
      IF NEW.kind = 'order' THEN
        NEW.payload := vgk_link.sealed_order(NEW.payload, (SELECT pickup_key FROM vgk_link.points WHERE code = NEW.point));
      END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER feed_seal_order BEFORE INSERT OR UPDATE OF payload ON vgk_link.feed
      FOR EACH ROW EXECUTE FUNCTION vgk_link.seal_feed_order();

    -- The point gives its key (again at each pass: a key rotated at the point takes over);
    -- its records still holding a clear code are sealed at once.
    CREATE FUNCTION vgk_link.register_pickup_key(key bytea) RETURNS void
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
      AS $$
    DECLARE
      p text := vgk_link.current_point();
    BEGIN
      IF p IS NULL THEN
        RAISE EXCEPTION 'register_pickup_key: % is not a pickup point''s role', session_user USING ERRCODE = 'insufficient_privilege';
      END IF;
      IF key IS NULL OR octet_length(key) <> 32 THEN
        RAISE EXCEPTION 'register_pickup_key: a pickup-code key is 32 bytes' USING ERRCODE = 'invalid_parameter_value';
      END IF;
      UPDATE vgk_link.points SET pickup_key = key WHERE code = p AND pickup_key IS DISTINCT FROM key;
      IF FOUND THEN
        UPDATE vgk_link.feed SET payload = vgk_link.sealed_order(payload, key)
         WHERE point = p AND kind = 'order' AND payload ? 'pickup_code';
      END IF;
    END $$;

    -- Acknowledging at every pass must cost next to nothing when nothing moved: the point's
    -- row is written only when the cursor moved or last_seen is a minute old, and only the
    -- records acknowledged now are looked at for a clear code.
    CREATE OR REPLACE FUNCTION vgk_link.acknowledge("cursor" bigint) RETURNS void
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
      AS $$
    DECLARE
      p text := vgk_link.current_point();
      head bigint;
      before bigint;
      seen timestamptz;
    BEGIN
      IF p IS NULL THEN
        RAISE EXCEPTION 'acknowledge: % is not a pickup point''s role', session_user USING ERRCODE = 'insufficient_privilege';
      END IF;
      IF "cursor" IS NULL OR "cursor" < 0 THEN
        RAISE EXCEPTION 'acknowledge: the cursor must be a whole number >= 0' USING ERRCODE = 'invalid_parameter_value';
      END IF;
      SELECT feed_head, acked, last_seen INTO head, before, seen FROM vgk_link.points WHERE code = p;
      IF "cursor" > head THEN
        RAISE EXCEPTION 'acknowledge: cursor % is past the feed of % (% records): is this the point''s centre?', "cursor", p, head
          USING ERRCODE = 'invalid_parameter_value';
      END IF;
      IF "cursor" > before OR seen IS NULL OR seen < now() - interval '60 seconds' THEN
        UPDATE vgk_link.points SET acked = greatest(acked, "cursor"), last_seen = now() WHERE code = p;
      END IF;
      IF "cursor" > before THEN
        UPDATE vgk_link.feed SET payload = payload - 'pickup_code'
         WHERE point = p AND seq > before AND seq <= "cursor" AND payload ? 'pickup_code';
      END IF;
    END $$;

    REVOKE ALL ON FUNCTION vgk_link.hmac_sha256(bytea, bytea), vgk_link.sealed_order(jsonb, bytea),
      vgk_link.seal_feed_order(), vgk_link.register_pickup_key(bytea) FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION vgk_link.register_pickup_key(bytea) TO vgk_link_point;
    """
}
