// The system's SQLite (Debian: libsqlite3-dev; macOS: the SDK).
#include <sqlite3.h>
