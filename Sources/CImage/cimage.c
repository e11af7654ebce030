#include "cimage.h"
#include <errno.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jpeglib.h>
#include <jerror.h>
#include <png.h>
#include <unistd.h>

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
  } else if (info->err->msg_code == JERR_NO_BACKING_STORE) {
    // Its whole-image arrays are over VGK_JPEG_MAX_MEMORY (see vgk_image_jpeg_grey_into).
    snprintf(e->message, sizeof e->message,
             "a progressive JPEG that needs over %d MiB to decode: not a camera photo",
             VGK_JPEG_MAX_MEMORY >> 20);
    e->code = VGK_IMAGE_TOO_LARGE;
  } else if (info->err->msg_code == JERR_OUT_OF_MEMORY) {
    snprintf(e->message, sizeof e->message, "out of memory while decoding the JPEG");
    e->code = VGK_IMAGE_NO_MEMORY;
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

// MARK: JPEG memory

/// Where the coefficients of a component the grey output never reads go: `maxaccess` rows of
/// blocks, reused for every row of the image, so the component costs a few rows, not its whole.
struct vgk_jpeg_sink {
  JBLOCKARRAY rows;
  JDIMENSION maxaccess;
};

/// libjpeg's memory manager with two of its methods wrapped (cinfo->client_data points here).
/// A progressive or multi-scan JPEG keeps every coefficient of every component until its last
/// scan (a 40 MP 4:4:4 photo: 240 MB); grey output needs only luma's (80 MB). Luma's array stays
/// libjpeg's own; chroma's become sinks. Luma is still exact: a progressive JPEG's AC scans hold
/// one component each, and its DC scans' decoding never reads the coefficients already stored,
/// so what lands in a sink cannot change what is read for luma.
struct vgk_jpeg_memory {
  jvirt_barray_ptr (*request_virt_barray)(j_common_ptr, int, boolean, JDIMENSION, JDIMENSION, JDIMENSION);
  JBLOCKARRAY (*access_virt_barray)(j_common_ptr, jvirt_barray_ptr, JDIMENSION, JDIMENSION, boolean);
  int requests;
  struct vgk_jpeg_sink sinks[MAX_COMPONENTS];
};

/// The coefficient controller asks for one array per component, in component order (nothing
/// else asks for a block array while decompressing); a component not needed gets a sink.
static jvirt_barray_ptr vgk_jpeg_request_virt_barray(j_common_ptr common, int pool_id, boolean pre_zero,
                                                     JDIMENSION blocksperrow, JDIMENSION numrows,
                                                     JDIMENSION maxaccess) {
  struct vgk_jpeg_memory *m = (struct vgk_jpeg_memory *)common->client_data;
  int index = m->requests++;
  if (common->is_decompressor && index < MAX_COMPONENTS) {
    j_decompress_ptr d = (j_decompress_ptr)common;
    if (index < d->num_components && !d->comp_info[index].component_needed && maxaccess > 0) {
      struct vgk_jpeg_sink *sink = &m->sinks[index];
      sink->rows = (*common->mem->alloc_barray)(common, pool_id, blocksperrow, maxaccess);
      for (JDIMENSION r = 0; r < maxaccess; r++) memset(sink->rows[r], 0, (size_t)blocksperrow * sizeof(JBLOCK));
      sink->maxaccess = maxaccess;
      // Never dereferenced by libjpeg: only vgk_jpeg_access_virt_barray below receives it.
      return (jvirt_barray_ptr)(void *)sink;
    }
  }
  return (*m->request_virt_barray)(common, pool_id, pre_zero, blocksperrow, numrows, maxaccess);
}

/// A sink answers every row range with its own rows; any other array is libjpeg's.
static JBLOCKARRAY vgk_jpeg_access_virt_barray(j_common_ptr common, jvirt_barray_ptr array, JDIMENSION start_row,
                                               JDIMENSION num_rows, boolean writable) {
  struct vgk_jpeg_memory *m = (struct vgk_jpeg_memory *)common->client_data;
  for (int i = 0; i < MAX_COMPONENTS; i++) {
    struct vgk_jpeg_sink *sink = &m->sinks[i];
    if ((void *)array != (void *)sink) continue;
    if (sink->rows == NULL || num_rows > sink->maxaccess) ERREXIT(common, JERR_BAD_VIRTUAL_ACCESS);
    return sink->rows;
  }
  return (*m->access_virt_barray)(common, array, start_row, num_rows, writable);
}

/// The output's size at 1/`denom` (jpeg_calc_output_dimensions' rounding: up).
static long long scaled_pixels(unsigned width, unsigned height, unsigned denom) {
  return (long long)((width + denom - 1) / denom) * (long long)((height + denom - 1) / denom);
}

/// A libjpeg source that reads a file with pread from its start, a block at a time: the worker's
/// photo (an in-memory file) is decoded without a copy of it in the worker's memory.
struct vgk_fd_source {
  struct jpeg_source_mgr base;
  int fd;
  off_t offset;
  JOCTET buffer[65536];
};

static void vgk_fd_init_source(j_decompress_ptr info) { (void)info; }
static void vgk_fd_term_source(j_decompress_ptr info) { (void)info; }

/// The next block; at the end of the file (or a read error), what libjpeg's own sources do: a
/// JWRN_JPEG_EOF warning (which vgk_jpeg_emit_message makes "truncated") and a fake EOI.
static boolean vgk_fd_fill_input_buffer(j_decompress_ptr info) {
  struct vgk_fd_source *src = (struct vgk_fd_source *)info->src;
  ssize_t n;
  do {
    n = pread(src->fd, src->buffer, sizeof src->buffer, src->offset);
  } while (n < 0 && errno == EINTR);
  if (n <= 0) {
    WARNMS(info, JWRN_JPEG_EOF);
    src->buffer[0] = (JOCTET)0xFF;
    src->buffer[1] = (JOCTET)JPEG_EOI;
    n = 2;
  } else {
    src->offset += n;
  }
  src->base.next_input_byte = src->buffer;
  src->base.bytes_in_buffer = (size_t)n;
  return TRUE;
}

/// Skips within the block, or moves the read offset past it.
static void vgk_fd_skip_input_data(j_decompress_ptr info, long count) {
  struct vgk_fd_source *src = (struct vgk_fd_source *)info->src;
  if (count <= 0) return;
  if ((size_t)count <= src->base.bytes_in_buffer) {
    src->base.next_input_byte += count;
    src->base.bytes_in_buffer -= (size_t)count;
    return;
  }
  src->offset += (off_t)(count - (long)src->base.bytes_in_buffer);
  src->base.bytes_in_buffer = 0;
}

static void vgk_fd_src(j_decompress_ptr info, int fd) {
  struct vgk_fd_source *src =
      (struct vgk_fd_source *)(*info->mem->alloc_small)((j_common_ptr)info, JPOOL_PERMANENT, sizeof(struct vgk_fd_source));
  src->base.init_source = vgk_fd_init_source;
  src->base.fill_input_buffer = vgk_fd_fill_input_buffer;
  src->base.skip_input_data = vgk_fd_skip_input_data;
  src->base.resync_to_restart = jpeg_resync_to_restart;
  src->base.term_source = vgk_fd_term_source;
  src->base.next_input_byte = NULL;
  src->base.bytes_in_buffer = 0;
  src->fd = fd;
  src->offset = 0;
  info->src = &src->base;
}

static int jpeg_grey(const unsigned char *data, size_t size, int fd, long long max_pixels, long long max_output_pixels,
                     unsigned char *pixels, int *width, int *height, char *reason, size_t reason_size);

int vgk_image_jpeg_grey_into(const unsigned char *data, size_t size, long long max_pixels, long long max_output_pixels,
                             unsigned char *pixels, int *width, int *height, char *reason, size_t reason_size) {
  return jpeg_grey(data, size, -1, max_pixels, max_output_pixels, pixels, width, height, reason, reason_size);
}

int vgk_image_jpeg_grey_fd_into(int fd, long long max_pixels, long long max_output_pixels, unsigned char *pixels,
                                int *width, int *height, char *reason, size_t reason_size) {
  return jpeg_grey(NULL, 0, fd, max_pixels, max_output_pixels, pixels, width, height, reason, reason_size);
}

/// Both of the above: from `data` when it is not NULL, else from `fd`.
static int jpeg_grey(const unsigned char *data, size_t size, int fd, long long max_pixels, long long max_output_pixels,
                     unsigned char *pixels, int *width, int *height, char *reason, size_t reason_size) {
  struct jpeg_decompress_struct info;
  struct vgk_jpeg_error e;
  struct vgk_jpeg_memory memory;
  memset(&info, 0, sizeof info);
  memset(&memory, 0, sizeof memory);
  vgk_jpeg_setup(&info, &e);
  e.max_pixels = max_pixels;
  if (setjmp(e.jump)) {
    set_reason(reason, reason_size, e.message);
    jpeg_destroy_decompress(&info);
    return e.code;
  }
  jpeg_create_decompress(&info);
  info.client_data = &memory;
  memory.request_virt_barray = info.mem->request_virt_barray;
  memory.access_virt_barray = info.mem->access_virt_barray;
  info.mem->request_virt_barray = vgk_jpeg_request_virt_barray;
  info.mem->access_virt_barray = vgk_jpeg_access_virt_barray;
  // What libjpeg's whole-image arrays may take; past it, libjpeg-turbo (which has no backing
  // store) stops with JERR_NO_BACKING_STORE instead of allocating.
  info.mem->max_memory_to_use = VGK_JPEG_MAX_MEMORY;
  struct jpeg_progress_mgr progress;
  memset(&progress, 0, sizeof progress);
  progress.progress_monitor = vgk_jpeg_progress;
  info.progress = &progress;
  if (data != NULL) {
    jpeg_mem_src(&info, data, (unsigned long)size);
  } else {
    vgk_fd_src(&info, fd);
  }
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
  // The largest of 1, 1/2, 1/4, 1/8 whose output fits the budget: the IDCT then makes the
  // smaller image directly, and every buffer after it is that size.
  unsigned denom = 1;
  while (denom < 8 && max_output_pixels > 0 &&
         scaled_pixels(info.image_width, info.image_height, denom) > max_output_pixels) {
    denom *= 2;
  }
  info.scale_num = 1;
  info.scale_denom = denom;
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
