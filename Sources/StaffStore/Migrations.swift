import Crypto
import Foundation
import GRDB

/// The schema, as frozen migrations. A migration that has shipped is never edited: later changes
/// are new migrations appended at the end. Migrations use SQL only, never application types
/// (GRDB's Migrations guide), so today's code can always rebuild yesterday's schema.
///
/// Conventions: times are INTEGER seconds since 1970 UTC; money is INTEGER FCFA; enumerations are
/// TEXT with a CHECK listing their spellings; marketplace ids (orders, products, customers) are the
/// marketplace's own numbers, used as primary keys.
enum Migrations {
  static var migrator: DatabaseMigrator {
    var m = DatabaseMigrator()
    m.registerMigration("v1-data-model") { db in try db.execute(sql: v1) }
    m.registerMigration("v2-scan-lock-index") { db in try db.execute(sql: v2) }
    m.registerMigration("v3-console") { db in try db.execute(sql: v3) }
    m.registerMigration("v4-task-board") { db in try db.execute(sql: v4) }
    m.registerMigration("v5-inventory") { db in try db.execute(sql: v5) }
    m.registerMigration("v6-personal-data") { db in try db.execute(sql: v6) }
    m.registerMigration("v7-team-performance") { db in try db.execute(sql: v7) }
    m.registerMigration("v8-print-queue") { db in try db.execute(sql: v8) }
    m.registerMigration("v9-escalation-done") { db in try db.execute(sql: v9) }
    m.registerMigration("v10-codes-masked-scan-log") { db in try db.execute(sql: v10Codes) }
    m.registerMigration("v11-clock-point-kind") { db in try db.execute(sql: v11Clock) }
    m.registerMigration("v12-record-chain") { db in
      try db.execute(sql: v12Chain)
      try RecordChainFormat.backfill(db)
    }
    m.registerMigration("v13-link") { db in try db.execute(sql: v13Link) }
    m.registerMigration("v14-scan-facts") { db in try db.execute(sql: v14ScanFacts) }
    m.registerMigration("v15-task-titles") { db in try db.execute(sql: v15TaskTitles) }
    return m
  }

  /// Every identifier this build knows, in order. A database holding any other was made by a
  /// newer version and is refused.
  static let known = ["v1-data-model", "v2-scan-lock-index", "v3-console", "v4-task-board", "v5-inventory", "v6-personal-data", "v7-team-performance",
    "v8-print-queue", "v9-escalation-done", "v10-codes-masked-scan-log", "v11-clock-point-kind", "v12-record-chain",
    "v13-link",
    "v14-scan-facts",
    "v15-task-titles",
  ]

  /// The scan log keeps each refusal as a fact, not only as an English sentence: `message` is
  /// the refusal's code and typed arguments (a `Message` as JSON: tries left, the lock's end…),
  /// so a screen in any language can say it. Scans recorded before have none (NULL) and keep
  /// their `reason`; nothing is rewritten (the log is append-only). The column is a recorded
  /// fact like the others, so the append-only trigger now names it too.
  static let v14ScanFacts = """
    ALTER TABLE scans ADD COLUMN message TEXT CHECK (message IS NULL OR json_valid(message));
    DROP TRIGGER scans_no_update;
    CREATE TRIGGER scans_no_update
      BEFORE UPDATE OF id, point_id, source, file_name, content_sha256, payload, kind, outcome, reason, order_id,
                       staff_id, terminal, created_at, message ON scans
    BEGIN
      SELECT RAISE(ABORT, 'scans are append-only: a recorded scan cannot be changed');
    END;
    """

  /// The title and details of a task the program made, as message JSON (`{"code": …, "args": […]}`)
  /// put into words in each reader's language; NULL for a task typed by a person, and for tasks
  /// written before, which show as stored. `title` and `details` keep their English words.
  static let v15TaskTitles = """
    ALTER TABLE tasks ADD COLUMN title_message TEXT CHECK (title_message IS NULL OR json_valid(title_message));
    ALTER TABLE tasks ADD COLUMN details_message TEXT CHECK (details_message IS NULL OR json_valid(details_message));
    """

  /// The marketplace link. `link_state` is its one row: the last feed record applied here
  /// (`cursor`), the last ledger movement the centre has (`movements_sent`: the ledger is its own
  /// outbox), and the link's health. Both numbers only move forward. `movements_sent` starts at 0
  /// on a database that already has a ledger: the marketplace wants each point's stock history
  /// from its first movement, and the centre's unique dedup key makes sending one twice harmless.
  /// `link_feed_log` says what each feed record did (applied, refused with the reason, or a
  /// conflict), one row per record by its place in the feed, append-only.
  ///
  /// `orders.code_replaced_after_scan`: when the feed replaces an order's pickup code, the last
  /// scan id at that moment; a code checked by that scan or an earlier one no longer hands over.
  static let v13Link = """
    CREATE TABLE link_state (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      cursor INTEGER NOT NULL DEFAULT 0 CHECK (cursor >= 0),
      movements_sent INTEGER NOT NULL DEFAULT 0 CHECK (movements_sent >= 0),
      last_contact INTEGER,
      down_since INTEGER,
      last_error TEXT,
      last_error_at INTEGER
    );
    INSERT INTO link_state (id) VALUES (1);
    CREATE TRIGGER link_state_no_delete BEFORE DELETE ON link_state BEGIN
      SELECT RAISE(ABORT, 'the link state is one row, kept for good');
    END;
    CREATE TRIGGER link_state_forward BEFORE UPDATE OF cursor, movements_sent ON link_state
      WHEN NEW.cursor < OLD.cursor OR NEW.movements_sent < OLD.movements_sent
    BEGIN
      SELECT RAISE(ABORT, 'the feed cursor and the movements sent only move forward');
    END;
    CREATE TABLE link_feed_log (
      seq INTEGER PRIMARY KEY CHECK (seq >= 1),
      kind TEXT NOT NULL,
      applied_at INTEGER NOT NULL,
      outcome TEXT NOT NULL CHECK (outcome IN ('applied', 'refused', 'conflict')),
      detail TEXT
    );
    CREATE TRIGGER link_feed_log_no_update BEFORE UPDATE ON link_feed_log BEGIN
      SELECT RAISE(ABORT, 'the feed log is append-only: its rows cannot be changed');
    END;
    CREATE TRIGGER link_feed_log_no_delete BEFORE DELETE ON link_feed_log BEGIN
      SELECT RAISE(ABORT, 'the feed log is append-only: its rows cannot be deleted');
    END;
    ALTER TABLE orders ADD COLUMN code_replaced_after_scan INTEGER;
    """

  /// The database's kind (real or training, `settings.point_kind`) is written with the point
  /// and never after: it decides whether the clock may be pinned, so it may not be added to a
  /// point's database later, changed or removed.
  static let v11Clock = """
    CREATE TRIGGER settings_point_kind_no_insert BEFORE INSERT ON settings
      WHEN NEW.key = 'point_kind' AND EXISTS (SELECT 1 FROM points) BEGIN
      SELECT RAISE(ABORT, 'the point kind is set when the database is made, never after');
    END;
    CREATE TRIGGER settings_point_kind_no_update BEFORE UPDATE ON settings
      WHEN OLD.key = 'point_kind' OR NEW.key = 'point_kind' BEGIN
      SELECT RAISE(ABORT, 'the point kind is set when the database is made and never changes');
    END;
    CREATE TRIGGER settings_point_kind_no_delete BEFORE DELETE ON settings
      WHEN OLD.key = 'point_kind' BEGIN
      SELECT RAISE(ABORT, 'the point kind is set when the database is made and never removed');
    END;
    """

  /// The wrong-code lockout also applies to order numbers no order has: their counted wrong codes
  /// are read back from the scan log on every such scan. This partial index (only those rows)
  /// keeps that lookup as cheap as reading a known order's counters, however long the log grows.
  static let v2 = """
    CREATE INDEX scans_unknown_order_failures ON scans(payload, id)
      WHERE order_id IS NULL AND outcome = 'code_refused';
    """

  /// The console: a clerk's refusal to hand over an order whose code was right (one per scan,
  /// append-only, audited), and a partial index so that the top bar counts locked orders without
  /// reading every order.
  static let v3 = """
    CREATE TABLE scan_decisions (
      scan_id INTEGER PRIMARY KEY REFERENCES scans(id),
      decision TEXT NOT NULL CHECK (decision IN ('refused')),
      reason TEXT NOT NULL
        CHECK (reason IN ('wrong_person', 'parcel_not_found', 'parcel_damaged', 'customer_declined', 'other')),
      staff_id INTEGER REFERENCES staff(id),
      terminal TEXT,
      decided_at INTEGER NOT NULL
    );
    CREATE TRIGGER scan_decisions_no_update BEFORE UPDATE ON scan_decisions BEGIN
      SELECT RAISE(ABORT, 'scan decisions are append-only: they cannot be changed');
    END;
    CREATE TRIGGER scan_decisions_no_delete BEFORE DELETE ON scan_decisions BEGIN
      SELECT RAISE(ABORT, 'scan decisions are append-only: they cannot be deleted');
    END;
    CREATE INDEX orders_locked ON orders(locked_until)
      WHERE locked_until IS NOT NULL OR locked_for_supervisor = 1;
    CREATE INDEX products_threshold ON products(id) WHERE low_stock_threshold IS NOT NULL;
    """

  /// The task board: open tasks in the order of their due time (waiting ones by the time they
  /// had left when they began to wait), with their type, assignee and state so that the board's
  /// filters and counts read the index alone; closed ones by when they closed; a task's order,
  /// ticket, transfer and product. So the board, the breach counter and the event rules read
  /// only the rows they show or change, however many tasks the point has. The expressions are
  /// the ones the queries use, word for word (SQLite matches expression indexes by their text).
  static let v4 = """
    CREATE INDEX tasks_active_due ON tasks(created_at + sla_seconds + paused_seconds, id, type, assignee_id, status)
      WHERE status IN ('open', 'in_progress');
    CREATE INDEX tasks_waiting_left ON tasks(created_at + sla_seconds + paused_seconds - waiting_since, id, type, assignee_id, status)
      WHERE status = 'waiting';
    CREATE INDEX tasks_closed ON tasks(closed_at, id) WHERE status IN ('done', 'cancelled');
    CREATE INDEX tasks_order ON tasks(order_id) WHERE order_id IS NOT NULL;
    CREATE INDEX tasks_ticket ON tasks(ticket_id) WHERE ticket_id IS NOT NULL;
    CREATE INDEX tasks_transfer ON tasks(transfer_id) WHERE transfer_id IS NOT NULL;
    CREATE INDEX tasks_product ON tasks(product_id, status) WHERE product_id IS NOT NULL;
    """

  /// Transfers between points and stock counts: a transfer announced by another point keeps its
  /// id there (`origin_id`) and the movement number its slip carries (`slip_movement_id`, the QR
  /// code `INVENTORY:{n}`); a count holds one line per product and location.
  static let v5 = """
    ALTER TABLE transfers ADD COLUMN origin_id INTEGER;
    ALTER TABLE transfers ADD COLUMN slip_movement_id INTEGER;
    ALTER TABLE transfers ADD COLUMN reason TEXT;
    CREATE INDEX transfers_slip ON transfers(slip_movement_id);
    CREATE UNIQUE INDEX transfers_origin ON transfers(from_point_id, origin_id) WHERE origin_id IS NOT NULL;
    CREATE UNIQUE INDEX stock_count_lines_place ON stock_count_lines(count_id, product_id, location_id);
    CREATE INDEX stock_count_lines_product ON stock_count_lines(product_id, location_id);
    CREATE INDEX stock_counts_status ON stock_counts(status);
    """

  /// Personal data sealed (AES-256-GCM, the key outside the database): customers' names and
  /// phones, with the masks the counter shows and the phone's keyed hash to find a customer by;
  /// ticket messages' bodies. The clear columns are left empty by the program.
  static let v6 = """
    ALTER TABLE customers ADD COLUMN name_sealed BLOB;
    ALTER TABLE customers ADD COLUMN name_masked TEXT;
    ALTER TABLE customers ADD COLUMN phone_sealed BLOB;
    ALTER TABLE customers ADD COLUMN phone_masked TEXT;
    ALTER TABLE customers ADD COLUMN phone_index BLOB;
    CREATE INDEX customers_phone_index ON customers(phone_index) WHERE phone_index IS NOT NULL;
    ALTER TABLE ticket_messages ADD COLUMN body_sealed BLOB;
    ALTER TABLE tickets ADD COLUMN reveals INTEGER NOT NULL DEFAULT 0;
    """

  /// Team performance reads each person's handovers, audit rows and tickets by time.
  static let v7 = """
    CREATE INDEX handovers_staff ON handovers(staff_id, handed_over_at);
    CREATE INDEX audit_log_staff ON audit_log(staff_id, at);
    CREATE INDEX tickets_assignee ON tickets(assignee_id, resolved_at);
    CREATE INDEX tasks_done_by ON tasks(assignee_id, closed_at) WHERE status = 'done';
    """

  /// The print queue: a job is a label to print (what and how many), kept until a printer took
  /// it, so an unplugged printer or no paper loses nothing. The label is drawn again from the
  /// database when it prints; a pickup slip's ORDER code (it holds the pickup code) is the only
  /// secret, kept sealed under the personal-data key.
  static let v8 = """
    CREATE TABLE print_jobs (
      id INTEGER PRIMARY KEY,
      kind TEXT NOT NULL CHECK (kind IN ('pickup', 'shelf', 'transfer')),
      ref INTEGER NOT NULL,
      copies INTEGER NOT NULL DEFAULT 1 CHECK (copies BETWEEN 1 AND 20),
      payload_sealed BLOB,
      status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'printing', 'interrupted', 'printed', 'cancelled')),
      attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
      last_error TEXT,
      reprint_of INTEGER REFERENCES print_jobs(id),
      created_by INTEGER REFERENCES staff(id),
      created_at INTEGER NOT NULL,
      claimed_at INTEGER,
      printed_at INTEGER,
      updated_at INTEGER NOT NULL,
      CHECK (kind <> 'pickup' OR payload_sealed IS NOT NULL OR status IN ('printed', 'cancelled'))
    );
    CREATE INDEX print_jobs_open ON print_jobs(status, id) WHERE status IN ('pending', 'printing', 'interrupted');
    """

  /// An escalation is claimed (breach_notified_at) before its command runs and finished
  /// (breach_escalated_at) when the command has answered, either way: a claim left unfinished by a
  /// process that died meanwhile is run again by a later pass. The breaches escalated before this
  /// migration were finished.
  static let v9 = """
    ALTER TABLE tasks ADD COLUMN breach_escalated_at INTEGER;
    UPDATE tasks SET breach_escalated_at = breach_notified_at WHERE breach_notified_at IS NOT NULL;
    """

  /// Scans logged before the scan log masked every malformed code kept what did not start with
  /// `ORDER:` as it was, so a code typed with other separators (`ORDER;1;CODE`, a leading space, a
  /// homoglyph) stayed in clear; and a reason quoted up to 16 bytes of an unknown kind. Such rows
  /// keep only their kind's keyword (found after leading spaces, which that log wrote as `\x20`);
  /// the reasons quote nothing. Rows that start with `ORDER:` were masked then; well-formed ones,
  /// which have a kind, hold no code.
  static let v10Codes = """
    UPDATE scans SET payload = CASE
        WHEN upper(ltrim(payload, ' \\x20')) LIKE 'ORDER%' THEN 'ORDER ***'
        WHEN upper(ltrim(payload, ' \\x20')) LIKE 'PRODUCT%' THEN 'PRODUCT ***'
        WHEN upper(ltrim(payload, ' \\x20')) LIKE 'INVENTORY%' THEN 'INVENTORY ***'
        ELSE '***' END
      WHERE kind IS NULL AND payload IS NOT NULL AND payload <> '' AND upper(substr(payload, 1, 6)) <> 'ORDER:';
    UPDATE scans SET reason = 'Not a VGK code: unknown kind (expected ORDER, PRODUCT or INVENTORY).'
      WHERE reason LIKE 'Not a VGK code: unknown kind ''%';
    """

  /// The records the counter's promises rest on are append-only and chained. Handovers and the
  /// facts of a scan can be neither changed nor deleted; a picked-up order with its handover
  /// stays picked up. Every movement and handover gets a row in `record_chain`, in the order
  /// written, whose hash covers the record and the row before (`RecordChainFormat`), so `db check`
  /// finds one inserted, edited or deleted behind the program's back even when the triggers were
  /// dropped to do it. Rows written before this migration are chained by it, as they were then.
  /// The triggers on `scans` name its columns: a column added later is not a recorded fact
  /// unless a migration says so.
  static let v12Chain = """
    CREATE TABLE record_chain (
      seq INTEGER PRIMARY KEY,
      entity TEXT NOT NULL CHECK (entity IN ('movement', 'handover')),
      entity_id INTEGER NOT NULL,
      hash BLOB NOT NULL CHECK (length(hash) = 32)
    );
    CREATE TRIGGER record_chain_no_update BEFORE UPDATE ON record_chain BEGIN
      SELECT RAISE(ABORT, 'the record chain is append-only: its rows cannot be changed');
    END;
    CREATE TRIGGER record_chain_no_delete BEFORE DELETE ON record_chain BEGIN
      SELECT RAISE(ABORT, 'the record chain is append-only: its rows cannot be deleted');
    END;
    CREATE TRIGGER handovers_no_update BEFORE UPDATE ON handovers BEGIN
      SELECT RAISE(ABORT, 'handovers are append-only: a handover cannot be changed');
    END;
    CREATE TRIGGER handovers_no_delete BEFORE DELETE ON handovers BEGIN
      SELECT RAISE(ABORT, 'handovers are append-only: a handover cannot be deleted');
    END;
    CREATE TRIGGER scans_no_update
      BEFORE UPDATE OF id, point_id, source, file_name, content_sha256, payload, kind, outcome, reason, order_id,
                       staff_id, terminal, created_at ON scans
    BEGIN
      SELECT RAISE(ABORT, 'scans are append-only: a recorded scan cannot be changed');
    END;
    CREATE TRIGGER scans_no_delete BEFORE DELETE ON scans BEGIN
      SELECT RAISE(ABORT, 'scans are append-only: a recorded scan cannot be deleted');
    END;
    CREATE TRIGGER orders_picked_up_stays BEFORE UPDATE OF id, status ON orders
      WHEN (NEW.status IS NOT 'picked_up' OR NEW.id IS NOT OLD.id)
       AND EXISTS (SELECT 1 FROM handovers WHERE order_id = OLD.id)
    BEGIN
      SELECT RAISE(ABORT, 'an order with a handover stays picked up: its handover is recorded for good');
    END;
    """

  static let v1 = """
    CREATE TABLE points (
      id INTEGER PRIMARY KEY,
      code TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 2 AND 16),
      name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
      city TEXT NOT NULL DEFAULT 'Douala',
      time_zone TEXT NOT NULL DEFAULT 'Africa/Douala',
      created_at INTEGER NOT NULL
    );

    CREATE TABLE locations (
      id INTEGER PRIMARY KEY,
      point_id INTEGER NOT NULL REFERENCES points(id),
      code TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 16),
      kind TEXT NOT NULL CHECK (kind IN ('shelf', 'back_room', 'in_transit', 'counter')),
      active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
      UNIQUE (point_id, code)
    );

    CREATE TABLE staff (
      id INTEGER PRIMARY KEY,
      login TEXT NOT NULL UNIQUE,
      full_name TEXT NOT NULL,
      role TEXT NOT NULL CHECK (role IN ('clerk', 'supervisor', 'admin')),
      point_id INTEGER REFERENCES points(id),
      active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
      secret_hash TEXT,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    );

    CREATE TABLE customers (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      phone TEXT,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    );

    CREATE TABLE products (
      id INTEGER PRIMARY KEY,
      title TEXT NOT NULL,
      category TEXT NOT NULL,
      price_fcfa INTEGER NOT NULL CHECK (price_fcfa >= 0),
      condition TEXT NOT NULL DEFAULT 'good' CHECK (condition IN ('new', 'like_new', 'good', 'fair')),
      unique_item INTEGER NOT NULL DEFAULT 1 CHECK (unique_item IN (0, 1)),
      low_stock_threshold INTEGER CHECK (low_stock_threshold >= 0),
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    );
    CREATE INDEX products_category ON products(category);

    CREATE TABLE orders (
      id INTEGER PRIMARY KEY,
      point_id INTEGER NOT NULL REFERENCES points(id),
      customer_id INTEGER NOT NULL REFERENCES customers(id),
      status TEXT NOT NULL
        CHECK (status IN ('expected', 'received', 'ready', 'picked_up', 'returned', 'cancelled')),
      pickup_code_hmac BLOB NOT NULL CHECK (length(pickup_code_hmac) = 32),
      location_id INTEGER REFERENCES locations(id),
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      received_at INTEGER,
      ready_at INTEGER,
      hold_until INTEGER,
      failed_attempts INTEGER NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
      lifetime_failed_attempts INTEGER NOT NULL DEFAULT 0 CHECK (lifetime_failed_attempts >= 0),
      locked_until INTEGER,
      locked_for_supervisor INTEGER NOT NULL DEFAULT 0 CHECK (locked_for_supervisor IN (0, 1)),
      CHECK (status <> 'ready' OR location_id IS NOT NULL)
    );
    CREATE INDEX orders_status ON orders(point_id, status);
    CREATE INDEX orders_customer ON orders(customer_id);

    CREATE TABLE order_items (
      id INTEGER PRIMARY KEY,
      order_id INTEGER NOT NULL REFERENCES orders(id),
      product_id INTEGER REFERENCES products(id),
      title TEXT NOT NULL,
      quantity INTEGER NOT NULL CHECK (quantity >= 1),
      unit_price_fcfa INTEGER NOT NULL CHECK (unit_price_fcfa >= 0),
      UNIQUE (order_id, product_id)
    );
    CREATE INDEX order_items_product ON order_items(product_id);

    CREATE TABLE scans (
      id INTEGER PRIMARY KEY,
      point_id INTEGER NOT NULL REFERENCES points(id),
      source TEXT NOT NULL CHECK (source IN ('camera', 'scanner', 'cli')),
      file_name TEXT,
      content_sha256 BLOB CHECK (content_sha256 IS NULL OR length(content_sha256) = 32),
      payload TEXT,
      kind TEXT CHECK (kind IN ('order', 'product', 'inventory')),
      outcome TEXT NOT NULL,
      reason TEXT,
      order_id INTEGER REFERENCES orders(id),
      staff_id INTEGER REFERENCES staff(id),
      terminal TEXT,
      created_at INTEGER NOT NULL
    );
    CREATE INDEX scans_sha ON scans(content_sha256);
    CREATE INDEX scans_order ON scans(order_id);

    -- One handover per order, ever: the primary key is the order.
    CREATE TABLE handovers (
      order_id INTEGER PRIMARY KEY REFERENCES orders(id),
      staff_id INTEGER REFERENCES staff(id),
      terminal TEXT,
      scan_id INTEGER REFERENCES scans(id),
      handed_over_at INTEGER NOT NULL
    );

    CREATE TABLE transfers (
      id INTEGER PRIMARY KEY,
      from_point_id INTEGER NOT NULL REFERENCES points(id),
      to_point_id INTEGER NOT NULL REFERENCES points(id),
      status TEXT NOT NULL CHECK (status IN ('sent', 'received', 'cancelled')),
      sent_by INTEGER REFERENCES staff(id),
      sent_at INTEGER NOT NULL,
      received_by INTEGER REFERENCES staff(id),
      received_at INTEGER,
      CHECK (from_point_id <> to_point_id)
    );

    CREATE TABLE transfer_lines (
      id INTEGER PRIMARY KEY,
      transfer_id INTEGER NOT NULL REFERENCES transfers(id),
      product_id INTEGER NOT NULL REFERENCES products(id),
      quantity_sent INTEGER NOT NULL CHECK (quantity_sent >= 1),
      quantity_received INTEGER CHECK (quantity_received >= 0),
      UNIQUE (transfer_id, product_id)
    );

    -- The ledger. Append-only: a wrong movement is corrected by a reversing movement that points
    -- to it (reverses_id, at most once) with a reason.
    CREATE TABLE movements (
      id INTEGER PRIMARY KEY,
      point_id INTEGER NOT NULL REFERENCES points(id),
      type TEXT NOT NULL
        CHECK (type IN ('RECEIVE', 'PICK', 'RETURN', 'DAMAGE', 'ADJUSTMENT', 'TRANSFER')),
      product_id INTEGER NOT NULL REFERENCES products(id),
      quantity INTEGER NOT NULL CHECK (quantity >= 1),
      from_location_id INTEGER REFERENCES locations(id),
      to_location_id INTEGER REFERENCES locations(id),
      staff_id INTEGER REFERENCES staff(id),
      reason TEXT,
      order_id INTEGER REFERENCES orders(id),
      transfer_id INTEGER REFERENCES transfers(id),
      reverses_id INTEGER UNIQUE REFERENCES movements(id),
      created_at INTEGER NOT NULL,
      CHECK (from_location_id IS NOT NULL OR to_location_id IS NOT NULL),
      CHECK (from_location_id IS NOT to_location_id),
      CHECK (type NOT IN ('DAMAGE', 'ADJUSTMENT') OR length(trim(coalesce(reason, ''))) > 0),
      CHECK (reverses_id IS NULL OR length(trim(coalesce(reason, ''))) > 0)
    );
    CREATE INDEX movements_product ON movements(product_id, id);
    CREATE INDEX movements_from ON movements(from_location_id, id);
    CREATE INDEX movements_to ON movements(to_location_id, id);
    CREATE INDEX movements_order ON movements(order_id);
    CREATE INDEX movements_transfer ON movements(transfer_id);
    CREATE TRIGGER movements_no_update BEFORE UPDATE ON movements BEGIN
      SELECT RAISE(ABORT, 'movements are append-only: correct a movement with a reversing movement, never by editing it');
    END;
    CREATE TRIGGER movements_no_delete BEFORE DELETE ON movements BEGIN
      SELECT RAISE(ABORT, 'movements are append-only: correct a movement with a reversing movement, never by deleting it');
    END;

    -- Current stock, kept equal to the ledger by the transactions that post movements.
    CREATE TABLE stock (
      product_id INTEGER NOT NULL REFERENCES products(id),
      location_id INTEGER NOT NULL REFERENCES locations(id),
      quantity INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      PRIMARY KEY (product_id, location_id)
    ) WITHOUT ROWID;
    CREATE INDEX stock_location ON stock(location_id);

    CREATE TABLE low_stock_thresholds (
      id INTEGER PRIMARY KEY,
      point_id INTEGER NOT NULL REFERENCES points(id),
      product_id INTEGER REFERENCES products(id),
      category TEXT,
      threshold INTEGER NOT NULL CHECK (threshold >= 0),
      CHECK ((product_id IS NULL) <> (category IS NULL)),
      UNIQUE (point_id, product_id, category)
    );

    CREATE TABLE tasks (
      id INTEGER PRIMARY KEY,
      point_id INTEGER NOT NULL REFERENCES points(id),
      type TEXT NOT NULL CHECK (type IN ('STOCK_RECEIVE', 'INVENTORY_COUNT', 'ORDER_PICKUP',
        'CUSTOMER_SERVICE', 'CLEANING', 'REPORTING')),
      priority TEXT NOT NULL CHECK (priority IN ('URGENT', 'HIGH', 'MEDIUM', 'LOW')),
      status TEXT NOT NULL CHECK (status IN ('open', 'in_progress', 'waiting', 'done', 'cancelled')),
      title TEXT NOT NULL,
      details TEXT,
      assignee_id INTEGER REFERENCES staff(id),
      created_by INTEGER REFERENCES staff(id),
      created_at INTEGER NOT NULL,
      sla_seconds INTEGER NOT NULL CHECK (sla_seconds > 0),
      paused_seconds INTEGER NOT NULL DEFAULT 0 CHECK (paused_seconds >= 0),
      waiting_since INTEGER,
      waiting_reason TEXT CHECK (waiting_reason IN ('customer', 'supplier', 'other_staff')),
      started_at INTEGER,
      closed_at INTEGER,
      cancel_reason TEXT,
      order_id INTEGER REFERENCES orders(id),
      product_id INTEGER REFERENCES products(id),
      ticket_id INTEGER REFERENCES tickets(id),
      transfer_id INTEGER REFERENCES transfers(id),
      source_key TEXT UNIQUE,
      breach_notified_at INTEGER,
      CHECK (status <> 'waiting' OR (waiting_since IS NOT NULL AND waiting_reason IS NOT NULL)),
      CHECK (status NOT IN ('done', 'cancelled') OR closed_at IS NOT NULL),
      CHECK (status <> 'cancelled' OR length(trim(coalesce(cancel_reason, ''))) > 0)
    );
    CREATE INDEX tasks_status ON tasks(point_id, status);
    CREATE INDEX tasks_assignee ON tasks(assignee_id, status);

    CREATE TABLE tickets (
      id INTEGER PRIMARY KEY,
      point_id INTEGER NOT NULL REFERENCES points(id),
      customer_id INTEGER NOT NULL REFERENCES customers(id),
      order_id INTEGER REFERENCES orders(id),
      category TEXT NOT NULL CHECK (category IN ('missing_item', 'damaged', 'wrong_item', 'late',
        'payment_refund', 'other')),
      priority TEXT NOT NULL CHECK (priority IN ('URGENT', 'HIGH', 'MEDIUM', 'LOW')),
      status TEXT NOT NULL CHECK (status IN ('new', 'open', 'waiting_customer', 'resolved', 'closed')),
      assignee_id INTEGER REFERENCES staff(id),
      subject TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      first_response_at INTEGER,
      resolved_at INTEGER,
      closed_at INTEGER,
      reopen_count INTEGER NOT NULL DEFAULT 0 CHECK (reopen_count >= 0),
      paused_seconds INTEGER NOT NULL DEFAULT 0 CHECK (paused_seconds >= 0),
      waiting_since INTEGER,
      rating INTEGER CHECK (rating BETWEEN 1 AND 5)
    );
    CREATE INDEX tickets_status ON tickets(point_id, status);
    CREATE INDEX tickets_customer ON tickets(customer_id);

    CREATE TABLE ticket_messages (
      id INTEGER PRIMARY KEY,
      ticket_id INTEGER NOT NULL REFERENCES tickets(id),
      direction TEXT NOT NULL CHECK (direction IN ('in', 'out', 'note')),
      channel TEXT NOT NULL CHECK (channel IN ('counter', 'phone', 'sms', 'whatsapp', 'email')),
      staff_id INTEGER REFERENCES staff(id),
      body TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      CHECK (direction = 'in' OR staff_id IS NOT NULL)
    );
    CREATE INDEX ticket_messages_ticket ON ticket_messages(ticket_id, created_at);

    CREATE TABLE stock_counts (
      id INTEGER PRIMARY KEY,
      point_id INTEGER NOT NULL REFERENCES points(id),
      status TEXT NOT NULL CHECK (status IN ('open', 'closed', 'cancelled')),
      task_id INTEGER REFERENCES tasks(id),
      opened_by INTEGER REFERENCES staff(id),
      opened_at INTEGER NOT NULL,
      closed_by INTEGER REFERENCES staff(id),
      closed_at INTEGER
    );

    CREATE TABLE stock_count_locations (
      count_id INTEGER NOT NULL REFERENCES stock_counts(id),
      location_id INTEGER NOT NULL REFERENCES locations(id),
      PRIMARY KEY (count_id, location_id)
    ) WITHOUT ROWID;

    CREATE TABLE stock_count_lines (
      id INTEGER PRIMARY KEY,
      count_id INTEGER NOT NULL REFERENCES stock_counts(id),
      product_id INTEGER NOT NULL REFERENCES products(id),
      location_id INTEGER NOT NULL REFERENCES locations(id),
      counted_quantity INTEGER NOT NULL CHECK (counted_quantity >= 0),
      expected_quantity INTEGER,
      counted_by INTEGER REFERENCES staff(id),
      counted_at INTEGER NOT NULL,
      adjustment_movement_id INTEGER REFERENCES movements(id)
    );
    CREATE INDEX stock_count_lines_count ON stock_count_lines(count_id);

    CREATE TABLE ratings (
      id INTEGER PRIMARY KEY,
      score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
      staff_id INTEGER REFERENCES staff(id),
      order_id INTEGER REFERENCES orders(id),
      ticket_id INTEGER REFERENCES tickets(id),
      comment TEXT,
      created_at INTEGER NOT NULL,
      CHECK (order_id IS NOT NULL OR ticket_id IS NOT NULL)
    );
    CREATE INDEX ratings_staff ON ratings(staff_id, created_at);

    -- Who did what, when, from which terminal. Append-only and chained: each row's hash covers
    -- the previous row's hash, so an edited or removed row breaks the chain (db check).
    CREATE TABLE audit_log (
      id INTEGER PRIMARY KEY,
      at INTEGER NOT NULL,
      staff_id INTEGER REFERENCES staff(id),
      terminal TEXT,
      action TEXT NOT NULL,
      entity TEXT,
      entity_id TEXT,
      before TEXT,
      after TEXT,
      prev_hash BLOB,
      hash BLOB NOT NULL UNIQUE
    );
    CREATE INDEX audit_log_at ON audit_log(at);
    CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN
      SELECT RAISE(ABORT, 'the audit log is append-only: its rows cannot be changed');
    END;
    CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN
      SELECT RAISE(ABORT, 'the audit log is append-only: its rows cannot be deleted');
    END;

    -- Events for the marketplace (e.g. order.picked_up releases the seller's escrow), sent when
    -- the link is up. dedup_key makes an event be written once.
    CREATE TABLE outbox (
      id INTEGER PRIMARY KEY,
      event_type TEXT NOT NULL,
      payload TEXT NOT NULL CHECK (json_valid(payload)),
      dedup_key TEXT NOT NULL UNIQUE,
      created_at INTEGER NOT NULL,
      sent_at INTEGER,
      attempts INTEGER NOT NULL DEFAULT 0,
      last_error TEXT
    );
    CREATE INDEX outbox_unsent ON outbox(sent_at, id);

    CREATE TABLE settings (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) WITHOUT ROWID;
    """
}

/// How `record_chain` hashes a record. Frozen with migration v12-record-chain, which backfills with it: the
/// program appends and `db check` verifies with these same definitions, so changing one would
/// make every chained row look edited (a new format needs a new migration and a new entity set).
///
/// A record's fields are read by SQL as `quote()` of each column joined by commas: one text per
/// row that keeps types apart (5 and '5' differ), holds any value (even a BLOB put where text
/// belongs), and cannot be shifted from one column to the next. The hash is
/// `SHA-256(previous row's hash ‖ entity ‖ LF ‖ fields)`, the first row's previous hash empty.
enum RecordChainFormat {
  /// The `settings` key holding the sequence number and hash (hex) of the last row appended.
  static let headKey = "record_chain_head"

  static let movementFields = """
    quote(id) || ',' || quote(point_id) || ',' || quote(type) || ',' || quote(product_id) || ',' || quote(quantity)
      || ',' || quote(from_location_id) || ',' || quote(to_location_id) || ',' || quote(staff_id) || ',' || quote(reason)
      || ',' || quote(order_id) || ',' || quote(transfer_id) || ',' || quote(reverses_id) || ',' || quote(created_at)
    """
  static let handoverFields = """
    quote(order_id) || ',' || quote(staff_id) || ',' || quote(terminal) || ',' || quote(scan_id) || ',' || quote(handed_over_at)
    """

  static func hash(prev: Data?, entity: String, fields: String) -> Data {
    var h = SHA256()
    if let prev { h.update(data: prev) }
    for part in [entity, "\n", fields] {
      var text = part
      text.withUTF8 { h.update(bufferPointer: UnsafeRawBufferPointer($0)) }
    }
    return Data(h.finalize())
  }

  /// Chains the movements (by id), then the handovers (by time, then order), already in the
  /// database, and records the head. Only for the migration: it assumes an empty chain.
  static func backfill(_ db: Database) throws {
    var prev: Data? = nil
    var seq: Int64 = 0
    let insert = try db.makeStatement(sql: "INSERT INTO record_chain (seq, entity, entity_id, hash) VALUES (?, ?, ?, ?)")
    let sources = [
      ("movement", "SELECT id, \(movementFields) FROM movements ORDER BY id"),
      ("handover", "SELECT order_id, \(handoverFields) FROM handovers ORDER BY handed_over_at, order_id"),
    ]
    for (entity, sql) in sources {
      let rows = try Row.fetchCursor(db, sql: sql)
      while let row = try rows.next() {
        let id: Int64 = row[0]
        let fields: String = row[1]
        let hash = Self.hash(prev: prev, entity: entity, fields: fields)
        seq += 1
        try insert.execute(arguments: [seq, entity, id, hash])
        prev = hash
      }
    }
    if let prev {
      try db.execute(
        sql: "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        arguments: [headKey, "\(seq) \(prev.map { String(format: "%02x", $0) }.joined())"])
    }
  }
}
