// Image codecs (libjpeg-turbo, libpng) for the scanner. This is a real C target, not a bare
// module map, because libjpeg reports errors by calling an error_exit hook that must longjmp out
// of the decoder, and Swift can neither setjmp nor be jumped across. Loaders live here.
#ifndef VGK_CIMAGE_H
#define VGK_CIMAGE_H

/// The libjpeg-turbo version the program was built against. `LIBJPEG_TURBO_VERSION` is a bare
/// token macro (2.1.5), not a string, so Swift cannot read it.
const char *vgk_image_libjpeg_version(void);
/// The libpng version running (png_get_libpng_ver needs a png_struct pointer argument that may be
/// NULL; wrapped so callers need not import png.h and its setjmp-bearing types).
const char *vgk_image_libpng_version(void);

#endif
