// A cover PDF as the checker sees it, through Poppler's core API: its structure (pages, boxes,
// encryption, fonts), an inventory of its first page (words, placed images, vector shapes,
// colour spaces) and renderings of it. Coordinates are the first page as displayed (its
// /Rotate applied): inches from its top-left corner, y down.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "podcover/check/raster.hpp"
#include "podcover/errors.hpp"
#include "podcover/rect.hpp"

namespace podcover::check {

struct Word {
    std::string text;
    Rect box;  // the font's box: its declared ascent and descent, which may lie far from the ink
    // Where its glyphs' outlines lie (the union of their bounds). Zero width and height (at the
    // box's top-left corner) when it prints nothing: invisible text (render mode 3, as OCR
    // layers use). None when some glyph's outline is unknown (a Type 3 font, a font Poppler
    // cannot load, a font not embedded): then only `box` says where it is.
    std::optional<Rect> ink;
    int rotation = 0;  // quarter turns: 1 runs top to bottom, 3 bottom to top
    double font_size_pt = 0;
    // Where the baseline lies across the text: its y for horizontal text, its x for text
    // turned a quarter.
    Length baseline;
    // Where its characters come in the page's text, in drawing order: the offset of its first
    // character code and the bytes of its codes (Poppler's TextWord char positions), which tell
    // exactly which glyphs are its, even where the same words are drawn again nearby (a page
    // placed several times, clipped). -1 when not known: then glyphs go by position.
    int char_pos = -1;
    int char_bytes = 0;

    // Whether it prints anything.
    bool invisible() const { return ink && ink->width == Length() && ink->height == Length(); }
};

// A glyph drawn on the first page (CoverPdf::glyphs).
struct Glyph {
    // Where its character code comes in the page's text, as Word::char_pos counts.
    int char_pos = 0;
    int char_bytes = 0;
    Length origin_x;  // on its baseline
    Length origin_y;
    // Where it prints (the part inside the clip); none when it prints nothing or its outline
    // is unknown.
    std::optional<Rect> ink;
    bool outline_known = false;
};

// The glyphs of the first page, in drawing order.
struct PageGlyphList {
    std::vector<Glyph> glyphs;
    // Every character position the page's text counts (drawn, on a hidden layer, spaces):
    // where the last character ends.
    int char_count = 0;
    // False when the page draws more glyphs than are kept (then `glyphs` is empty).
    bool complete = true;
};

// The ink of two words (or runs) together: none when either's is unknown; one that prints
// nothing adds nothing.
std::optional<Rect> combined_ink(const std::optional<Rect>& a, const std::optional<Rect>& b);

struct PlacedImage {
    Rect box;  // where it is drawn (its bounding box, for rotated images)
    // The part of `box` inside the clip (its bounding box): what prints. An image placed
    // several times, each clipped to a part of it (podcover adapt), prints a part each time.
    Rect visible;
    int width_px = 0;
    int height_px = 0;
    double pixels_per_inch = 0;  // the smaller of the two directions
    std::string color_space;     // "DeviceRGB", "DeviceCMYK", "DeviceGray", "ICCBased RGB", ...
    bool jpeg = false;
    bool mask = false;  // a stencil mask (drawn in the fill colour)
};

struct Shape {
    Rect box;
    bool filled = true;  // a fill, or else a stroke
};

struct FontUse {
    std::string name;
    std::string type;
    bool embedded = false;
    bool subset = false;
};

struct Inventory {
    std::vector<Word> words;  // in Poppler's reading order
    std::vector<PlacedImage> images;
    std::vector<Shape> shapes;  // at most max_shapes, the largest first
    bool shapes_truncated = false;
    std::set<std::string> color_spaces;  // of fills, strokes, text and images
    std::set<std::string> fonts_used;    // the fonts text is set in
    static constexpr std::size_t max_shapes = 20000;
};

// A rendering of part of the page, and where its top-left pixel corner lies on the page.
struct RenderedArea {
    Raster raster;
    Length origin_x;
    Length origin_y;
    // What made the pixels, for reports: "rendered by Poppler", or, for a page that is one JPEG,
    // "decoded the page's JPEG at 3/8 scale".
    std::string source;
    // An area of the page as an area of the raster.
    Rect on_raster(const Rect& page_area) const {
        return Rect{page_area.x - origin_x, page_area.y - origin_y, page_area.width,
                    page_area.height};
    }
};

// A PDF that asks more of a reader than the check allows (the limits of docs/check.md: an
// image's size, nested states, operators, time...): an input error (exit 3) whose one-line
// message names the file, what it asks and the limit. `limit()` names the limit for callers
// and tests: "image-pixels", "time", ...
class LimitError : public InputError {
  public:
    LimitError(std::string limit, const std::string& message)
        : InputError(message), limit_(std::move(limit)) {}
    const std::string& limit() const { return limit_; }

  private:
    std::string limit_;
};

// The processor time this process has used. A check's time limit counts it rather than the
// time on the wall, so that a machine busy with other work does not refuse a cover.
struct ProcessorClock {
    using duration = std::chrono::nanoseconds;
    using rep = duration::rep;
    using period = duration::period;
    using time_point = std::chrono::time_point<ProcessorClock>;
    static constexpr bool is_steady = true;
    static time_point now() noexcept;
};

// Reading stops (LimitError "time") when this much processor time has been used.
struct Deadline {
    ProcessorClock::time_point when;
    std::chrono::milliseconds allowed{0};  // from the start, for the message

    static Deadline after(std::chrono::milliseconds time_limit) {
        return Deadline{ProcessorClock::now() + time_limit, time_limit};
    }
    bool passed() const { return ProcessorClock::now() >= when; }
    // The error for `file` when it has passed.
    LimitError error(const std::string& file) const;
};

// The processor time a check of files of `file_bytes` may take: 3 s, and 7 s more per 650 MB
// (10 s for KDP's largest cover file), as docs/check.md documents.
std::chrono::milliseconds check_time_limit(std::uintmax_t file_bytes);

class CoverPdf {
  public:
    ~CoverPdf();
    CoverPdf(const CoverPdf&) = delete;
    CoverPdf& operator=(const CoverPdf&) = delete;

    // Opens the file. Throws InputError (exit 3), one line naming the file and what is wrong:
    // missing, empty, not a PDF, damaged beyond repair, locked with a password, a first page
    // whose size cannot be read (a MediaBox that is not four numbers, or has no area) or is
    // scaled by a /UserUnit; LimitError when its first page asks more than the check allows
    // (content_limits.hpp, docs/check.md "Limits").
    static std::unique_ptr<CoverPdf> open(const std::filesystem::path& path, Deadline deadline);

    const std::filesystem::path& path() const { return path_; }
    std::uintmax_t file_bytes() const { return file_bytes_; }
    int pages() const;
    bool encrypted() const;  // readable without a password, but encrypted (restrictions)
    int rotation() const;    // the first page's /Rotate, as Poppler reads it
    // The first page's /Rotate as the file gives it (none when absent or not a number): Poppler
    // draws a value that is no multiple of 90 upright.
    std::optional<double> rotate_entry() const;
    Size page_size() const;  // the first page's MediaBox, as displayed
    // The first page's boxes, only when the file has them, as displayed.
    std::optional<Rect> trim_box() const;
    std::optional<Rect> bleed_box() const;
    bool has_annotations() const;
    // The fonts the first page uses.
    std::vector<FontUse> fonts() const;
    // Everything drawn on the first page. Throws LimitError when the deadline passes.
    Inventory inventory() const;
    // Every glyph the first page draws, with where it comes in the page's text and its ink.
    // Throws InputError when the deadline passes.
    PageGlyphList glyphs() const;
    // The first page (or an area of it) rendered at `pixels_per_inch`, lowered if need be to
    // keep the raster under max_pixels; an area wholly beyond the page comes back paper white.
    // Throws LimitError when the deadline passes.
    //
    // A page that is one upright JPEG and nothing else that prints (a flattened cover) is not
    // rendered but decoded, at the smallest DCT scale M/8 giving at least the pixels per inch
    // asked (its raster's pixels_per_inch says which: it may be higher than asked), and placed
    // as Poppler places it at that resolution: the same pixels at full scale, within a few
    // levels of Poppler's box averages at reduced scales (more at hard edges: a scaled IDCT is
    // no box average). RenderedArea::source says which way. For analysis (not for comparing
    // with Poppler), Fidelity::geometry takes the decoded pixels as they are where they land
    // within a pixel of Poppler's placement, and saves the resampling.
    enum class Fidelity { as_poppler, geometry };
    // Whether the first page is one JPEG that render() decodes itself (a flattened cover).
    bool decodes_itself() const;
    RenderedArea render(double pixels_per_inch, std::optional<Rect> area = std::nullopt,
                        std::size_t max_pixels = 60'000'000,
                        Fidelity fidelity = Fidelity::as_poppler) const;
    // render() always through Poppler, for comparing.
    RenderedArea render_by_poppler(double pixels_per_inch, std::optional<Rect> area = std::nullopt,
                                   std::size_t max_pixels = 60'000'000) const;
    // What Poppler reported while reading (damaged objects, fonts it could not load).
    std::vector<std::string> problems() const;

  private:
    CoverPdf() = default;
    struct Impl;
    std::unique_ptr<Impl> impl_;
    std::filesystem::path path_;
    std::uintmax_t file_bytes_ = 0;
};

}  // namespace podcover::check
