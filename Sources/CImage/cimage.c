#include "cimage.h"
#include <stdio.h>
#include <jpeglib.h>
#include <png.h>

#define VGK_STR2(x) #x
#define VGK_STR(x) VGK_STR2(x)

const char *vgk_image_libjpeg_version(void) {
#ifdef LIBJPEG_TURBO_VERSION
  return VGK_STR(LIBJPEG_TURBO_VERSION);
#else
  return "libjpeg " VGK_STR(JPEG_LIB_VERSION);
#endif
}

const char *vgk_image_libpng_version(void) { return png_get_libpng_ver(NULL); }
