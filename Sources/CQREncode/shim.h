// libqrencode for Swift. The library's functions are plain C and need no wrappers; this header
// exists so the module map has one place to grow when one is needed (nothing is wrapped yet).
#ifndef VGK_CQRENCODE_SHIM_H
#define VGK_CQRENCODE_SHIM_H
#include <qrencode.h>
#endif
