// JPEGs made for tests, as libjpeg writes them: one place that drives libjpeg's compressor
// (colour_test's CMYK and RGB art, the hostile-art tests' grey images, jpeg_pixels_test's
// images of every colour space).
#pragma once

#include <cstdio>  // before jpeglib.h, which uses FILE
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include <jpeglib.h>

namespace podcover::test {

struct JpegSpec {
    int width = 0;
    int height = 0;
    int components = 3;                  // samples a pixel, as given to fill_row
    J_COLOR_SPACE input = JCS_RGB;       // the colour of the samples given
    J_COLOR_SPACE stored = JCS_UNKNOWN;  // JCS_UNKNOWN: libjpeg's default for `input`
    int quality = 90;
    bool progressive = false;
    std::string icc;  // embedded (APP2) when not empty
};

// The JPEG's bytes; fill_row(y, row) writes row y's width * components samples. libjpeg's
// standard error handler ends the process on an error: a test's own mistake.
inline std::string encode_jpeg(const JpegSpec& spec,
                               const std::function<void(int y, unsigned char* row)>& fill_row) {
    jpeg_compress_struct info{};
    jpeg_error_mgr errors{};
    info.err = jpeg_std_error(&errors);
    jpeg_create_compress(&info);
    unsigned char* buffer = nullptr;
    unsigned long size = 0;
    jpeg_mem_dest(&info, &buffer, &size);
    info.image_width = static_cast<JDIMENSION>(spec.width);
    info.image_height = static_cast<JDIMENSION>(spec.height);
    info.input_components = spec.components;
    info.in_color_space = spec.input;
    jpeg_set_defaults(&info);
    if (spec.stored != JCS_UNKNOWN)
        jpeg_set_colorspace(&info, spec.stored);
    jpeg_set_quality(&info, spec.quality, TRUE);
    if (spec.progressive)
        jpeg_simple_progression(&info);
    jpeg_start_compress(&info, TRUE);
    if (!spec.icc.empty()) {
        jpeg_write_icc_profile(&info, reinterpret_cast<const JOCTET*>(spec.icc.data()),
                               static_cast<unsigned>(spec.icc.size()));
    }
    std::vector<unsigned char> row(static_cast<std::size_t>(spec.width) *
                                   static_cast<std::size_t>(spec.components));
    while (info.next_scanline < info.image_height) {
        fill_row(static_cast<int>(info.next_scanline), row.data());
        JSAMPROW rows[] = {row.data()};
        jpeg_write_scanlines(&info, rows, 1);
    }
    jpeg_finish_compress(&info);
    jpeg_destroy_compress(&info);
    std::string bytes(reinterpret_cast<const char*>(buffer), size);
    std::free(buffer);
    return bytes;
}

}  // namespace podcover::test
