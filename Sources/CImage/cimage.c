#include "cimage.h"
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jpeglib.h>
#include <jerror.h>
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

void vgk_image_free(vgk_grey_image *image) {
  if (image == NULL) return;
  free(image->pixels);
  image->pixels = NULL;
  image->width = image->height = 0;
}

static void set_reason(char *reason, size_t size, const char *text) {
  if (reason != NULL && size > 0) snprintf(reason, size, "%s", text);
}

// MARK: JPEG

/// libjpeg's error manager extended with the jump target and what went wrong.
struct vgk_jpeg_error {
  struct jpeg_error_mgr base;
  jmp_buf jump;
  int code;
  long long max_pixels;
  char message[JMSG_LENGTH_MAX];
};

static void too_large_reason(char *text, size_t size, unsigned width, unsigned height, long long max_pixels) {
  snprintf(text, size, "%ux%u is %.1f megapixels, over the limit of %.1f", width, height,
           (double)width * height / 1e6, (double)max_pixels / 1e6);
}

/// True, with the reason written, when width x height is over the cap or a side is longer than
/// VGK_IMAGE_MAX_SIDE.
static int over_pixel_cap(unsigned width, unsigned height, long long max_pixels, char *reason, size_t reason_size) {
  char text[160];
  if ((long long)width * (long long)height > max_pixels) {
    too_large_reason(text, sizeof text, width, height, max_pixels);
  } else if (width > VGK_IMAGE_MAX_SIDE || height > VGK_IMAGE_MAX_SIDE) {
    snprintf(text, sizeof text, "%ux%u has a side over %d pixels: not a camera photo", width, height, VGK_IMAGE_MAX_SIDE);
  } else {
    return 0;
  }
  set_reason(reason, reason_size, text);
  return 1;
}

/// Fatal errors: libjpeg must not return to its caller, and exit() is what the default does.
static void vgk_jpeg_error_exit(j_common_ptr info) {
  struct vgk_jpeg_error *e = (struct vgk_jpeg_error *)info->err;
  if (info->err->msg_code == JERR_IMAGE_TOO_BIG && info->is_decompressor) {
    // Over libjpeg's own 65500 px limit: the same answer as over our pixel cap.
    j_decompress_ptr d = (j_decompress_ptr)info;
    too_large_reason(e->message, sizeof e->message, d->image_width, d->image_height, e->max_pixels);
    e->code = VGK_IMAGE_TOO_LARGE;
  } else {
    (*info->err->format_message)(info, e->message);
    e->code = VGK_IMAGE_CORRUPT;
  }
  longjmp(e->jump, 1);
}

/// Warnings: silenced (the default prints to stderr), except a premature end of data, which
/// libjpeg would otherwise paper over with grey rows.
static void vgk_jpeg_emit_message(j_common_ptr info, int level) {
  struct vgk_jpeg_error *e = (struct vgk_jpeg_error *)info->err;
  if (level < 0 && info->err->msg_code == JWRN_JPEG_EOF) {
    snprintf(e->message, sizeof e->message, "the file ends before the image does (truncated)");
    e->code = VGK_IMAGE_TRUNCATED;
    longjmp(e->jump, 1);
  }
  if (level < 0) info->err->num_warnings++;
}

static void vgk_jpeg_silent(j_common_ptr info) { (void)info; }

/// libjpeg's progress monitor, called while it reads: stops a progressive JPEG at more scans than
/// VGK_JPEG_MAX_SCANS (what djpeg's -maxscans does), before they cost their time.
static void vgk_jpeg_progress(j_common_ptr info) {
  if (!info->is_decompressor) return;
  j_decompress_ptr d = (j_decompress_ptr)info;
  if (d->input_scan_number <= VGK_JPEG_MAX_SCANS) return;
  struct vgk_jpeg_error *e = (struct vgk_jpeg_error *)info->err;
  snprintf(e->message, sizeof e->message, "a progressive JPEG of over %d scans (a camera writes about ten)", VGK_JPEG_MAX_SCANS);
  e->code = VGK_IMAGE_UNSUPPORTED;
  longjmp(e->jump, 1);
}

static void vgk_jpeg_setup(struct jpeg_decompress_struct *info, struct vgk_jpeg_error *e) {
  info->err = jpeg_std_error(&e->base);
  e->base.error_exit = vgk_jpeg_error_exit;
  e->base.emit_message = vgk_jpeg_emit_message;
  e->base.output_message = vgk_jpeg_silent;
  e->code = VGK_IMAGE_OK;
  e->max_pixels = 0;
  e->message[0] = 0;
}

int vgk_image_jpeg_grey_into(const unsigned char *data, size_t size, long long max_pixels, int scale_denom,
                             unsigned char *pixels, int *width, int *height, char *reason, size_t reason_size) {
  struct jpeg_decompress_struct info;
  struct vgk_jpeg_error e;
  memset(&info, 0, sizeof info);
  vgk_jpeg_setup(&info, &e);
  e.max_pixels = max_pixels;
  if (setjmp(e.jump)) {
    set_reason(reason, reason_size, e.message);
    jpeg_destroy_decompress(&info);
    return e.code;
  }
  jpeg_create_decompress(&info);
  struct jpeg_progress_mgr progress;
  memset(&progress, 0, sizeof progress);
  progress.progress_monitor = vgk_jpeg_progress;
  info.progress = &progress;
  jpeg_mem_src(&info, data, (unsigned long)size);
  jpeg_read_header(&info, TRUE);
  if (over_pixel_cap(info.image_width, info.image_height, max_pixels, reason, reason_size)) {
    jpeg_destroy_decompress(&info);
    return VGK_IMAGE_TOO_LARGE;
  }
  if (info.jpeg_color_space == JCS_CMYK || info.jpeg_color_space == JCS_YCCK) {
    set_reason(reason, reason_size, "a CMYK JPEG (print files, not camera photos) cannot be scanned");
    jpeg_destroy_decompress(&info);
    return VGK_IMAGE_UNSUPPORTED;
  }
  info.out_color_space = JCS_GRAYSCALE;
  info.scale_num = 1;
  info.scale_denom = (scale_denom == 2 || scale_denom == 4 || scale_denom == 8) ? (unsigned)scale_denom : 1;
  info.dct_method = JDCT_ISLOW;
  jpeg_calc_output_dimensions(&info);
  if (info.output_width == 0 || info.output_height == 0 || info.output_components != 1) {
    set_reason(reason, reason_size, "the JPEG has no pixels");
    jpeg_destroy_decompress(&info);
    return VGK_IMAGE_CORRUPT;
  }
  if (pixels == NULL) {
    // First call: the size only.
    *width = (int)info.output_width;
    *height = (int)info.output_height;
    jpeg_destroy_decompress(&info);
    return VGK_IMAGE_OK;
  }
  if ((int)info.output_width != *width || (int)info.output_height != *height) {
    set_reason(reason, reason_size, "the JPEG changed between reading its size and its pixels");
    jpeg_destroy_decompress(&info);
    return VGK_IMAGE_CORRUPT;
  }
  jpeg_start_decompress(&info);
  size_t w = info.output_width;
  while (info.output_scanline < info.output_height) {
    JSAMPROW row = pixels + (size_t)info.output_scanline * w;
    jpeg_read_scanlines(&info, &row, 1);
  }
  jpeg_finish_decompress(&info);
  jpeg_destroy_decompress(&info);
  return VGK_IMAGE_OK;
}

// MARK: PNG

int vgk_image_png_grey(const unsigned char *data, size_t size, long long max_pixels,
                       vgk_grey_image *out, char *reason, size_t reason_size) {
  png_image image;
  memset(&image, 0, sizeof image);
  memset(out, 0, sizeof *out);
  image.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_memory(&image, data, size)) {
    set_reason(reason, reason_size, image.message[0] ? image.message : "not a readable PNG");
    png_image_free(&image);
    return strstr(image.message, "EOF") || strstr(image.message, "truncat") ? VGK_IMAGE_TRUNCATED : VGK_IMAGE_CORRUPT;
  }
  if (over_pixel_cap(image.width, image.height, max_pixels, reason, reason_size)) {
    png_image_free(&image);
    return VGK_IMAGE_TOO_LARGE;
  }
  image.format = PNG_FORMAT_GRAY;
  size_t w = image.width, h = image.height;
  unsigned char *pixels = malloc(w * h > 0 ? w * h : 1);
  if (pixels == NULL) {
    set_reason(reason, reason_size, "out of memory");
    png_image_free(&image);
    return VGK_IMAGE_NO_MEMORY;
  }
  // A white background for transparent pixels: a QR code on a transparent PNG is dark on light.
  png_color background = {255, 255, 255};
  if (!png_image_finish_read(&image, &background, pixels, (png_int_32)w, NULL)) {
    int truncated = strstr(image.message, "EOF") || strstr(image.message, "truncat") ||
                    strstr(image.message, "Not enough") || strstr(image.message, "too short");
    set_reason(reason, reason_size, truncated ? "the file ends before the image does (truncated)"
                                              : (image.message[0] ? image.message : "corrupt PNG data"));
    free(pixels);
    png_image_free(&image);
    return truncated ? VGK_IMAGE_TRUNCATED : VGK_IMAGE_CORRUPT;
  }
  png_image_free(&image);
  out->pixels = pixels;
  out->width = (int)w;
  out->height = (int)h;
  return VGK_IMAGE_OK;
}

// MARK: Encoding

void vgk_image_free_bytes(unsigned char *bytes) { free(bytes); }

int vgk_image_png_encode_grey(const unsigned char *pixels, int width, int height, unsigned char **out,
                              size_t *out_size) {
  png_image image;
  memset(&image, 0, sizeof image);
  image.version = PNG_IMAGE_VERSION;
  image.width = (png_uint_32)width;
  image.height = (png_uint_32)height;
  image.format = PNG_FORMAT_GRAY;
  size_t size = 0;
  *out = NULL;
  if (!png_image_write_to_memory(&image, NULL, &size, 0, pixels, width, NULL)) return 1;
  unsigned char *buffer = malloc(size);
  if (buffer == NULL) return 1;
  if (!png_image_write_to_memory(&image, buffer, &size, 0, pixels, width, NULL)) {
    free(buffer);
    return 1;
  }
  *out = buffer;
  *out_size = size;
  return 0;
}

int vgk_image_jpeg_encode_grey(const unsigned char *pixels, int width, int height, int quality, int progressive,
                               unsigned char **out, size_t *out_size) {
  struct jpeg_compress_struct info;
  struct vgk_jpeg_error e;
  // volatile: set between setjmp and a possible longjmp, read after it.
  unsigned char *volatile buffer = NULL;
  unsigned long size = 0;
  memset(&info, 0, sizeof info);
  info.err = jpeg_std_error(&e.base);
  e.base.error_exit = vgk_jpeg_error_exit;
  e.base.output_message = vgk_jpeg_silent;
  *out = NULL;
  if (setjmp(e.jump)) {
    jpeg_destroy_compress(&info);
    free(buffer);
    return 1;
  }
  jpeg_create_compress(&info);
  unsigned char *dest = NULL;
  jpeg_mem_dest(&info, &dest, &size);
  info.image_width = (JDIMENSION)width;
  info.image_height = (JDIMENSION)height;
  info.input_components = 1;
  info.in_color_space = JCS_GRAYSCALE;
  jpeg_set_defaults(&info);
  jpeg_set_quality(&info, quality, TRUE);
  if (progressive) jpeg_simple_progression(&info);
  jpeg_start_compress(&info, TRUE);
  while (info.next_scanline < info.image_height) {
    JSAMPROW row = (JSAMPROW)(pixels + (size_t)info.next_scanline * (size_t)width);
    jpeg_write_scanlines(&info, &row, 1);
  }
  jpeg_finish_compress(&info);
  buffer = dest;
  jpeg_destroy_compress(&info);
  *out = buffer;
  *out_size = size;
  return 0;
}
