package actors.serve;

import java.sql.Connection;

/** The durability contract on the default database: an H2 file under the data directory. */
class H2DurabilityTest extends DurabilityContract {

  @Override
  ServeSettings settings() {
    return TestService.settings(data);
  }

  @Override
  Connection connect() throws Exception {
    return open(JdbcConfig.h2Url(data), "", "");
  }
}
