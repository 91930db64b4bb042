// The SQLite backend of Store: one serialised writer connection (WAL,
// synchronous=FULL) and a pool of read-only reader connections. Store::Open
// calls these for "sqlite:PATH" and "sqlite::memory:"; nothing else should.
#ifndef LK_STORE_SQLITE_SQLITE_STORE_H_
#define LK_STORE_SQLITE_SQLITE_STORE_H_

#include <memory>
#include <string>

#include "core/result.h"
#include "store/store.h"

namespace latchkey::store {

// Opens (creating if needed) the database file at `path`. The parent
// directory must exist. Begin() waits up to options.busy_timeout for the
// writer; BeginRead() waits as long for one of options.pool_size readers.
// Errors: kUnavailable when the file cannot be opened (detail names the
// path, and the directory when that is what is missing).
Result<std::unique_ptr<Store>> OpenSqliteFileStore(const StoreOptions& options,
                                                   const std::string& path);

// A private in-memory database on a single connection: Begin() and
// BeginRead() take turns on it (one transaction at a time), which keeps the
// semantics of the file store without shared-cache table locks. A second
// transaction opened on the thread that holds one fails with kInternal
// instead of deadlocking (the file store does the same for Begin()).
Result<std::unique_ptr<Store>> OpenSqliteMemoryStore(const StoreOptions& options);

}  // namespace latchkey::store

#endif  // LK_STORE_SQLITE_SQLITE_STORE_H_
