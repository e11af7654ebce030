// Debian's libargon2 (the reference implementation) for Swift: staff secrets are hashed with Argon2id.
#ifndef VGK_CARGON2_SHIM_H
#define VGK_CARGON2_SHIM_H
#include <argon2.h>
#endif
