// The PostgreSQL backend of Store: a pool of libpq connections with
// per-connection prepared statements. Store::Open calls this for
// "postgres://" and "postgresql://" URLs; nothing else should.
#ifndef LK_STORE_POSTGRES_POSTGRES_STORE_H_
#define LK_STORE_POSTGRES_POSTGRES_STORE_H_

#include <memory>

#include "core/result.h"
#include "store/store.h"

namespace latchkey::store {

// Connects once to check the URL, then grows the pool on demand up to
// options.pool_size connections. Begin() and BeginRead() wait up to
// options.busy_timeout for a free connection (then kUnavailable) and
// reconnect a connection that broke since its last use. Begin() is READ
// COMMITTED; BeginRead() is a REPEATABLE READ READ ONLY snapshot.
// Errors: kUnavailable when the server cannot be reached.
Result<std::unique_ptr<Store>> OpenPostgresStore(const StoreOptions& options);

}  // namespace latchkey::store

#endif  // LK_STORE_POSTGRES_POSTGRES_STORE_H_
