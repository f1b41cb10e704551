// Print colour: sRGB converted to a printer's CMYK through ICC profiles with Little CMS
// (lcms2), the total ink limited to the printer's maximum, and soft proofs of the result on
// screen (docs/color.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "podcover/render/text.hpp"

namespace podcover::render {

// How a cover's PDF carries its colour: as drawn (sRGB), or converted to the printer's CMYK
// and written as PDF/X-1a:2001.
enum class ColorMode { rgb, cmyk };
std::string_view color_mode_id(ColorMode mode);  // "rgb", "cmyk"
std::optional<ColorMode> parse_color_mode(std::string_view id);

// Ink amounts, each 0 (none) to 1 (solid).
struct Cmyk {
    double cyan = 0;
    double magenta = 0;
    double yellow = 0;
    double black = 0;
    double total_percent() const { return (cyan + magenta + yellow + black) * 100; }
    friend bool operator==(const Cmyk&, const Cmyk&) = default;
};

// CIE L*a*b* (D50, as ICC profiles connect).
struct Lab {
    double lightness = 0;
    double a = 0;
    double b = 0;
    double chroma() const;
};
double delta_e76(const Lab& one, const Lab& other);

// The default profile's file, as the build found and checked it (profiles/profiles.cmake).
struct DefaultProfileFile {
    const char* path;
    const char* package;
    const char* sha256;
    const char* licence;
};
const DefaultProfileFile& default_cmyk_profile_file();

// An ICC output profile of a CMYK printing condition.
struct CmykProfile {
    std::string bytes;
    std::filesystem::path path;
    std::string description;  // the profile's own name, its 'desc' tag
    std::string sha256;
    std::string package;  // the Debian package of podcover's default; empty for a job's own

    // podcover's default (profiles/profiles.cmake), checked again against its SHA-256: a
    // missing or changed file is an InputError naming the package to reinstall.
    static CmykProfile builtin();
    // A profile the user gives: InputError naming the file when it is not an ICC output
    // profile for CMYK.
    static CmykProfile read(const std::filesystem::path& path);
};

// What a printer asks of a CMYK file; each rule from the printer's file, with its source.
struct InkRules {
    std::optional<double> max_ink_percent;          // total of the four inks anywhere
    std::optional<Cmyk> rich_black;                 // the printer's black for large dark areas
    std::optional<double> small_text_black_max_pt;  // black text up to this size: 100% K
};

// sRGB to the profile's CMYK and back, for one profile and one printer's ink rules. Vector
// colours convert exactly (lcms2's double-precision transform); pixels through a 33-point
// lookup table built from the same transform, the way lcms2 itself speeds up 8-bit images.
class CmykConverter {
  public:
    CmykConverter(CmykProfile profile, InkRules rules);
    ~CmykConverter();
    CmykConverter(const CmykConverter&) = delete;
    CmykConverter& operator=(const CmykConverter&) = delete;

    const CmykProfile& profile() const;
    const InkRules& rules() const;

    // A fill, stroke or text colour as it prints: pure black (#000000) is 100% K, as podcover
    // has always printed it (text, rules, the barcode); white is no ink; the darkest neutrals
    // (near-neutral, and no lighter than the printer's rich black prints) are the rich black;
    // every other colour goes through the profile (relative colorimetric, black point
    // compensation) and the ink limit. Values are rounded down to 0.01 %, so that the total
    // never exceeds the limit.
    Cmyk vector(const Color& color) const;
    // The colour through the profile alone, without podcover's rules: lcms2's own transform.
    Cmyk profile_only(const Color& color) const;
    // Whether text in this colour is black: near-neutral (C*ab at most 5) and no lighter than
    // 100% K prints. Small black text is set in 100% K.
    bool is_black(const Color& color) const;

    // sRGB pixels (3 bytes each, or through `input_icc`, an RGB profile an image carries) to
    // CMYK (4 bytes each, 255 = solid), ink-limited, `margin_percent` below the limit;
    // `adobe_inverted` writes 255 - ink, as Adobe's CMYK JPEGs store it.
    void convert_pixels(const unsigned char* rgb, unsigned char* cmyk, std::size_t count,
                        bool adobe_inverted, const std::string& input_icc = {},
                        double margin_percent = 0) const;

    // Soft proof: how a CMYK colour prints, shown in sRGB (relative colorimetric, without
    // black point compensation, so that the ink's black shows as the grey it prints).
    Color proof(const Cmyk& ink) const;
    Color proof(const Color& color) const { return proof(vector(color)); }
    // Cairo RGB24/ARGB32 pixels (opaque) in place: sRGB -> the print's CMYK -> sRGB.
    void proof_pixels(std::uint32_t* xrgb, std::size_t count) const;
    // CMYK pixels (4 bytes each) to Cairo RGB24 pixels through the profile.
    void proof_cmyk_pixels(const unsigned char* cmyk, bool adobe_inverted, std::uint32_t* xrgb,
                           std::size_t count) const;

    Lab lab(const Cmyk& ink) const;
    Lab lab(const Color& color) const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace podcover::render
