import StaffLink
import StaffDomain
import Testing

@Suite struct LinkStatusTests {
  @Test func aLinkIsUpOnlyAfterContactAndWhileNothingFailed() {
    #expect(!LinkStatus(configured: false).isUp)
    #expect(!LinkStatus(configured: true).isUp)
    #expect(LinkStatus(configured: true, lastContact: Timestamp(seconds: 10)).isUp)
    #expect(!LinkStatus(configured: true, lastContact: Timestamp(seconds: 10), downSince: Timestamp(seconds: 20)).isUp)
  }
}

@Suite struct LinkURLTests {
  @Test(arguments: [
    ("postgresql://vgk_point_dla:s3cret@db.example:5432/market?sslmode=verify-full",
     "postgresql://vgk_point_dla:***@db.example:5432/market?sslmode=verify-full"),
    ("postgres://u:p%40ss@h/db", "postgres://u:***@h/db"),
    ("postgresql://u@h/db?password=abc&sslmode=require", "postgresql://u@h/db?password=***&sslmode=require"),
    ("host=/tmp user=u password=abc dbname=d", "host=/tmp user=u password=*** dbname=d"),
    ("postgresql:///db?host=/run/pg", "postgresql:///db?host=/run/pg"),
  ])
  func aPasswordNeverShows(url: String, shown: String) {
    #expect(LinkURL.masked(url) == shown)
  }
}
