// Debian's libpq (libpq-dev) for Swift: the marketplace link speaks to PostgreSQL through the
// client library PostgreSQL itself ships, which Swift calls directly (no wrapper needed).
#ifndef VGK_CPOSTGRES_SHIM_H
#define VGK_CPOSTGRES_SHIM_H
#include <libpq-fe.h>
#endif
