// Image codecs (libjpeg-turbo, libpng) for the scanner. This is a real C target, not a bare
// module map, because libjpeg reports errors by calling an error_exit hook that must longjmp out
// of the decoder, and Swift can neither setjmp nor be jumped across.
#ifndef VGK_CIMAGE_H
#define VGK_CIMAGE_H

#include <stddef.h>

/// The libjpeg-turbo version the program was built against. `LIBJPEG_TURBO_VERSION` is a bare
/// token macro (2.1.5), not a string, so Swift cannot read it.
const char *vgk_image_libjpeg_version(void);
/// The libpng version running (png_get_libpng_ver needs a png_struct pointer argument that may be
/// NULL; wrapped so callers need not import png.h and its setjmp-bearing types).
const char *vgk_image_libpng_version(void);

/// Outcome of a load. Anything but VGK_IMAGE_OK comes with a one-line reason.
enum {
  VGK_IMAGE_OK = 0,
  VGK_IMAGE_TOO_LARGE = 1,   /// the header's dimensions exceed the pixel cap (nothing allocated)
  VGK_IMAGE_TRUNCATED = 2,   /// the data ends before the image does
  VGK_IMAGE_CORRUPT = 3,     /// the codec refused the data
  VGK_IMAGE_UNSUPPORTED = 4, /// a valid file the scanner cannot use (e.g. CMYK JPEG)
  VGK_IMAGE_NO_MEMORY = 5,
};

/// An 8-bit grey image; `pixels` is malloc'd (free with vgk_image_free), rows are `width` bytes.
typedef struct {
  unsigned char *pixels;
  int width;
  int height;
} vgk_grey_image;

/// Decodes a JPEG held in memory straight to 8-bit grey, into the caller's buffer, in two calls.
/// With `pixels` NULL it reads the header only: an image of more than `max_pixels` is refused
/// before anything is allocated, and *width and *height are set to the output's size: the image
/// scaled by the largest of 1, 1/2, 1/4, 1/8 that gives at most `max_output_pixels` (0: full
/// size; libjpeg scales in its IDCT). With a buffer of *width x *height bytes it decodes into it.
/// A premature end of data is an error, not a grey-filled picture. Only luma's coefficients are
/// kept whole (see struct vgk_jpeg_memory), and libjpeg's arrays stay under VGK_JPEG_MAX_MEMORY.
int vgk_image_jpeg_grey_into(const unsigned char *data, size_t size, long long max_pixels, long long max_output_pixels,
                             unsigned char *pixels, int *width, int *height, char *reason, size_t reason_size);

/// vgk_image_jpeg_grey_into reading the JPEG from the file `fd` (by pread, from its start, a
/// block at a time) instead of from memory: the worker decodes its photo without holding it.
int vgk_image_jpeg_grey_fd_into(int fd, long long max_pixels, long long max_output_pixels, unsigned char *pixels,
                                int *width, int *height, char *reason, size_t reason_size);

/// Decodes a PNG held in memory to 8-bit grey (libpng's simplified API, which keeps its setjmp
/// inside libpng); dimensions are checked against `max_pixels` before the pixels are allocated.
int vgk_image_png_grey(const unsigned char *data, size_t size, long long max_pixels,
                       vgk_grey_image *out, char *reason, size_t reason_size);

void vgk_image_free(vgk_grey_image *image);

/// Encodes 8-bit grey pixels as a PNG in memory (labels, and test images); `*out` is malloc'd.
/// Returns 0 on success.
int vgk_image_png_encode_grey(const unsigned char *pixels, int width, int height, unsigned char **out,
                              size_t *out_size);

/// Encodes 8-bit grey pixels as a JPEG of `quality` (1-100), baseline or (`progressive` non-zero)
/// progressive, in memory; `*out` is malloc'd. Returns 0 on success. (libjpeg's errors longjmp,
/// hence C.)
int vgk_image_jpeg_encode_grey(const unsigned char *pixels, int width, int height, int quality, int progressive,
                               unsigned char **out, size_t *out_size);

/// The most scans a progressive JPEG may have: each is a pass over the whole image, so a file of
/// thousands (even of tiny, empty ones) costs thousands of passes; a camera writes about ten.
#define VGK_JPEG_MAX_SCANS 100

/// The longest side an image may have, whatever its pixel count: a camera's photo is at most
/// about 8 000 px a side (48 MP), so a strip a million pixels wide is not a photo.
#define VGK_IMAGE_MAX_SIDE 16384

/// What libjpeg may allocate for a JPEG's whole-image coefficient arrays (a progressive or
/// multi-scan file keeps them until its last scan): luma's at the pixel cap is 2 bytes a pixel,
/// 80 MB; an image needing more (every component of a large RGB-coded progressive file) is refused.
#define VGK_JPEG_MAX_MEMORY (96 << 20)

/// Frees what the encoders returned.
void vgk_image_free_bytes(unsigned char *bytes);

#endif
