// zbar for Swift.
#ifndef VGK_CZBAR_SHIM_H
#define VGK_CZBAR_SHIM_H
#include <zbar.h>

/// `zbar_fourcc` is a macro (builds the "Y800" format code from four characters).
static inline unsigned long vgk_zbar_fourcc_y800(void) { return zbar_fourcc('Y', '8', '0', '0'); }
#endif
