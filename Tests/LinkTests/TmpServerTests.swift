import Testing
@Suite struct TmpServerTests {
  @Test func starts() throws {
    let s = try PostgresServer.get()
    let r = try PostgresServer.run([s.binDirectory + "/psql", s.adminURL(), "-c", "select version(), current_user"], as: nil, directory: "/")
    print(r.output)
    #expect(r.status == 0)
  }
}
