import Foundation
import StaffDomain
import StaffLink
import Testing
import TestSupport

/// A fresh database of the shared test server, with `vgk_link` set up (unless asked not to).
struct CentralDB {
  let server: PostgresServer
  let name: String

  static func make(setUp: Bool = true) throws -> CentralDB {
    let server = try PostgresServer.get()
    let db = CentralDB(server: server, name: try server.makeDatabase())
    if setUp { try db.central().setup() }
    return db
  }

  var adminURL: String { server.adminURL(database: name) }
  func admin() throws -> PGConnection { try PGConnection(adminURL) }
  func central() throws -> Central { try Central(url: adminURL) }

  /// A new point (unique code) and a connection as its role, through the URL add-point printed.
  func point(_ prefix: String = "P", name: String? = nil) throws -> (code: String, credentials: PointCredentials, connection: PGConnection) {
    let code = PostgresServer.pointCode(prefix)
    let credentials = try central().addPoint(code: code, name: name ?? "Point \(code)")
    return (code, credentials, try PGConnection(credentials.url))
  }

  /// Feed records for `point` as the administrator.
  @discardableResult
  func feed(_ point: String, _ kind: FeedKind = .order, _ records: [String]) throws -> FeedWritten {
    try central().feed(point: point, kind: kind, records: records)
  }

  /// An order record (the import's JSON shape) with a pickup code.
  static func order(_ id: Int64, code: String = "AB12CD") -> String {
    """
    {"order_id": \(id), "customer_id": 7, "customer_name": "Awa", "pickup_code": "\(code)", "status": "ready", \
    "shelf": "A-01", "created_at": "2026-11-20T09:30:00+01:00", "items": [{"title": "Radio", "quantity": 1, "unit_price_fcfa": 5000}]}
    """
  }
}

/// The SQLSTATE of a refusal, or nil when `body` did not throw a `LinkError.refused`.
func sqlState(_ body: () throws -> Void) -> String? {
  do {
    try body()
    return nil
  } catch let error as LinkError {
    return error.sqlState ?? "no-sqlstate: \(error)"
  } catch {
    return "other: \(error)"
  }
}

