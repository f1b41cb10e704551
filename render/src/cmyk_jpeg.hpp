// JPEGs for CMYK output: RGB art re-encoded once as a CMYK JPEG, CMYK art measured and
// soft-proofed (its bytes are never re-encoded). Internal to the renderer.
#pragma once

#include <optional>
#include <string>

#include "podcover/render/color.hpp"
#include "podcover/render/handles.hpp"

namespace podcover::render {

// The quality RGB art is re-encoded at: the source's own (estimated from its luminance
// table, as libjpeg scales the standard one), within these bounds: never below 90, so that a
// second generation stays far below what a press shows, and never above 95, past which a
// JPEG grows fast for nothing a press shows (podcover's choices).
constexpr int min_cmyk_jpeg_quality = 90;
// A JPEG's own error, averaged over a square millimetre, adds up to about 1 % of total ink
// where the inks meet the limit (measured on the sample: 0.8 % at quality 90 with subsampled
// colour): re-encoded art is converted this far below the printer's limit, so that the file
// stays within it (podcover's margin).
constexpr double jpeg_ink_margin_percent = 2;
constexpr int max_cmyk_jpeg_quality = 95;

struct JpegFacts {
    int width_px = 0;
    int height_px = 0;
    int components = 0;  // 1 grey, 3 RGB, 4 CMYK
    bool adobe = false;  // an Adobe APP14 marker: CMYK stored inverted (255 = no ink)
    std::string icc;     // an embedded ICC profile, if any
};

// The header of a JPEG; nullopt when libjpeg cannot read it.
std::optional<JpegFacts> read_jpeg_facts(const std::string& bytes);

struct RecodedJpeg {
    std::string bytes;
    int quality = 0;
    bool subsampled = false;  // colour at half resolution, as the source had it
};

// An RGB JPEG decoded, converted to the printer's CMYK pixel by pixel (through its embedded
// profile, if it has one, else as sRGB) and encoded again, row by row, in Adobe's form (APP14
// marker, inks stored inverted: the PDF image needs Decode [1 0 1 0 1 0 1 0]). Its quality
// follows the source's (see above); where the source's colour is subsampled (4:2:0, as most
// cameras and exports write), the CMYK is stored as Adobe's YCCK with the same subsampling:
// no finer colour than the source had, black always at full resolution; otherwise as CMYK,
// every ink at full resolution. Throws std::runtime_error naming libjpeg's error.
RecodedJpeg recode_jpeg_as_cmyk(const std::string& bytes, const CmykConverter& converter);

// A CMYK JPEG's pixels through the profile, for a preview at least `min_width_px` wide
// (decoded at 1/2, 1/4 or 1/8 scale when that is enough). Throws std::runtime_error.
CairoSurface proof_cmyk_jpeg(const std::string& bytes, int min_width_px,
                             const CmykConverter& converter);

// The largest total ink (per cent) of a CMYK JPEG over blocks of 8 x 8 pixels (decoded at 1/8
// scale: at 300 ppi, areas of 0.68 mm). Throws std::runtime_error.
double cmyk_jpeg_max_ink_percent(const std::string& bytes);

}  // namespace podcover::render
