// JPEGs for CMYK output: RGB art re-encoded once as a CMYK JPEG, CMYK art measured and
// soft-proofed (its bytes are never re-encoded). Internal to the renderer.
#pragma once

#include <optional>
#include <string>

#include "podcover/render/color.hpp"
#include "podcover/render/handles.hpp"

namespace podcover::render {

// The quality RGB art is re-encoded at: high enough that the JPEG's own error stays far below
// what a press shows (podcover's choice; 4:4:4, as CMYK JPEGs are not subsampled).
constexpr int cmyk_jpeg_quality = 95;

struct JpegFacts {
    int width_px = 0;
    int height_px = 0;
    int components = 0;  // 1 grey, 3 RGB, 4 CMYK
    bool adobe = false;  // an Adobe APP14 marker: CMYK stored inverted (255 = no ink)
    std::string icc;     // an embedded ICC profile, if any
};

// The header of a JPEG; nullopt when libjpeg cannot read it.
std::optional<JpegFacts> read_jpeg_facts(const std::string& bytes);

// An RGB JPEG decoded, converted to the printer's CMYK pixel by pixel (through its embedded
// profile, if it has one, else as sRGB) and encoded again at cmyk_jpeg_quality, in Adobe's
// form (APP14 marker, inks stored inverted: the PDF image needs Decode [1 0 1 0 1 0 1 0]),
// row by row. Throws std::runtime_error naming libjpeg's error.
std::string recode_jpeg_as_cmyk(const std::string& bytes, const CmykConverter& converter);

// A CMYK JPEG's pixels through the profile, for a preview at least `min_width_px` wide
// (decoded at 1/2, 1/4 or 1/8 scale when that is enough). Throws std::runtime_error.
CairoSurface proof_cmyk_jpeg(const std::string& bytes, int min_width_px,
                             const CmykConverter& converter);

// The largest total ink (per cent) of a CMYK JPEG over blocks of 8 x 8 pixels (decoded at 1/8
// scale: at 300 ppi, areas of 0.68 mm). Throws std::runtime_error.
double cmyk_jpeg_max_ink_percent(const std::string& bytes);

}  // namespace podcover::render
