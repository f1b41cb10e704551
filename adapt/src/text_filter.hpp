// The source page's pieces of text as its text extraction counts them, and copies of its
// content without some of them. Internal to adapt: adapted_pdf.cpp gives each placement a
// copy of the page without the pieces of text that lie wholly outside what the placement
// shows, so that text extraction (the checker's, a printer's preflight, a search) finds each
// line of text once, where it prints, and not again, clipped away, beside it.
//
// A piece is what a text object shows from one positioning of the text (BT, Td, TD, Tm, T*,
// or the line move of ' and ") to the next: its text operators continue each other, and the
// next piece is placed from the line's start, which showing text does not move. So a piece
// can be left out whole without moving any other (one text object often holds all of a
// cover's text: Cairo writes it so).
#pragma once

#include <string>
#include <vector>

#include <qpdf/QPDFPageObjectHelper.hh>

namespace podcover::adapt {

// A piece of text of the page's own content, as the character positions of its text: the
// bytes of the strings its text operators show, counted from the start of the page's text in
// drawing order (text inside forms the page draws counted where they are drawn), as
// Poppler's text extraction counts them (check::Word::char_pos).
struct TextPiece {
    int first_char = 0;
    int end_char = 0;
};

struct PageTextPieces {
    std::vector<TextPiece> pieces;  // in the content's order
    int char_count = 0;             // where the page's text ends
};

// Reads the page's content (and, for counting, the forms it draws, to a depth of 16). Throws
// what qpdf throws for content it cannot read.
PageTextPieces text_pieces(QPDFPageObjectHelper& page);

// The page's content with each piece of text whose `keep` is false left out: its text
// operators (Tj, TJ, ', ") removed, their line moves (', ") and everything else kept, so that
// the graphics and text state afterwards are as they were. `keep` has one entry per piece of
// text_pieces().
std::string content_without_text(QPDFPageObjectHelper& page, const std::vector<bool>& keep);

}  // namespace podcover::adapt
