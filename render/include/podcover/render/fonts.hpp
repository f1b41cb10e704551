// Fonts: podcover's default fonts (fonts/fonts.cmake), font files, and installed families.
#pragma once

#include <cairo.h>
#include <hb.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "podcover/render/handles.hpp"

namespace podcover::render {

// A default font, found and checksummed at build time (fonts/CMakeLists.txt).
struct DefaultFont {
    std::string_view name;     // "serif", "sans-bold", ...
    std::string_view path;     // where the build found it
    std::string_view package;  // the Debian package that installs it
    std::string_view sha256;
    std::uintmax_t size_bytes;
};
const std::vector<DefaultFont>& default_fonts();

// One font file, opened twice: HarfBuzz shapes with a face of its own, and Cairo draws with
// a FreeType face of its own. (Debian's HarfBuzz 6 has no hb-cairo, and a FreeType face
// cannot be shared safely between HarfBuzz's and Cairo's size settings.) Glyph ids are the
// font file's own, so HarfBuzz's output indexes Cairo's face directly.
class Font {
  public:
    // Throws InputError naming the file when it cannot be read as a font.
    Font(const std::string& path, unsigned face_index);

    const std::string& path() const { return path_; }
    unsigned face_index() const { return face_index_; }  // in a collection (.ttc)
    const std::string& family() const { return family_; }
    const std::string& style() const { return style_; }
    // Family and style, as a reader would name the font: "EB Garamond Bold".
    std::string name() const;
    hb_font_t* hb_font() const { return hb_font_.get(); }  // scaled to units per em
    cairo_font_face_t* cairo_face() const { return cairo_face_.get(); }
    unsigned units_per_em() const { return units_per_em_; }
    // Typographic metrics in em: ascender above the baseline (positive) and descender below
    // it (negative).
    double ascender_em() const { return ascender_em_; }
    double descender_em() const { return descender_em_; }
    // The font's bounding box in em: every glyph lies between these (top positive).
    double bbox_top_em() const { return bbox_top_em_; }
    double bbox_bottom_em() const { return bbox_bottom_em_; }
    bool has_glyph(char32_t codepoint) const;

  private:
    std::string path_;
    unsigned face_index_ = 0;
    std::string family_;
    std::string style_;
    HbFont hb_font_;
    CairoFontFace cairo_face_;
    unsigned units_per_em_ = 1000;
    double ascender_em_ = 0.8;
    double descender_em_ = -0.2;
    double bbox_top_em_ = 1.0;
    double bbox_bottom_em_ = -0.3;
};

// The font to show `codepoint` in when `font` has no glyph for it: of the installed outline
// fonts that have one, the one fontconfig ranks nearest to `font` (its family, weight, slant
// and width), as a browser or Pango falls back. Colour fonts and fonts HarfBuzz cannot shape
// (Type 1) are passed over. Null when no installed font has the character. Fonts found are
// opened once per process and kept.
std::shared_ptr<const Font> fallback_font(const Font& font, char32_t codepoint);

// Finds fonts by what a job names: a default font ("serif-bold"), a font file ("fonts/My.otf",
// relative to the job file's folder), or an installed family as a fontconfig pattern
// ("Noto Sans Arabic", "Noto Serif:bold"). Each file is opened once.
class FontLibrary {
  public:
    // Throws InputError naming the request and how to fix it: an unknown name, a missing
    // file, a family that is not installed (fontconfig would substitute another: refused, so
    // that output never depends on what a machine happens to have).
    std::shared_ptr<const Font> resolve(const std::string& request,
                                        const std::filesystem::path& base_dir);
    // A default font by name; throws std::out_of_range for an unknown one.
    std::shared_ptr<const Font> default_font(std::string_view name);

  private:
    std::shared_ptr<const Font> open(const std::string& path, unsigned index);
    std::map<std::string, std::shared_ptr<const Font>> open_fonts_;
};

}  // namespace podcover::render
