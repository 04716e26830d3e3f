#include "chat/pdf_pages.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

using tokenmeter::count_pdf_pages;

namespace {

// A small but structurally real PDF: catalog, outline with its own /Count, a page tree with
// /Count 3 and three pages, one of which has a content stream whose bytes mention "/Type /Page".
std::string sample_pdf() {
  return "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n"
         "1 0 obj\n<< /Type /Catalog /Pages 2 0 R /Outlines 7 0 R >>\nendobj\n"
         "2 0 obj\n<< /Type /Pages /Kids [3 0 R 4 0 R 5 0 R] /Count 3 >>\nendobj\n"
         "3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 6 0 R\n"
         "   /Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>\n"
         "endobj\n"
         "4 0 obj\n<</Type/Page/Parent 2 0 R>>\nendobj\n"
         "5 0 obj\n<< /Parent 2 0 R /Type /Page >>\nendobj\n"
         "6 0 obj\n<< /Length 44 >>\nstream\nBT (<< /Type /Page >>) Tj /Type /Page ET\nendstream\nendobj\n"
         "7 0 obj\n<< /Type /Outlines /Count 12 >>\nendobj\n"
         "xref\n0 8\ntrailer\n<< /Size 8 /Root 1 0 R >>\nstartxref\n0\n%%EOF\n";
}

size_t pages(const std::string& pdf) {
  auto n = count_pdf_pages(pdf);
  EXPECT_TRUE(n.has_value());
  return n.value_or(SIZE_MAX);
}

}  // namespace

TEST(PdfPages, ReadsTheRootCount) {
  EXPECT_EQ(pages(sample_pdf()), 3u);
}

TEST(PdfPages, NotAPdf) {
  EXPECT_EQ(count_pdf_pages(""), std::nullopt);
  EXPECT_EQ(count_pdf_pages("%PDF"), std::nullopt);
  EXPECT_EQ(count_pdf_pages("\x89PNG\r\n"), std::nullopt);
  EXPECT_EQ(count_pdf_pages(" %PDF-1.4\n"), std::nullopt);
  EXPECT_EQ(count_pdf_pages("%PDF-1.4\n"), std::optional<size_t>(0));  // a PDF, no pages found
}

TEST(PdfPages, LargestCountOfANestedPageTree) {
  std::string pdf =
      "%PDF-1.4\n"
      "10 0 obj << /Type /Pages /Kids [11 0 R 12 0 R] /Count 5 >> endobj\n"
      "11 0 obj << /Type /Pages /Parent 10 0 R /Count 2 /Kids [] >> endobj\n"
      "12 0 obj << /Count 3 /Type /Pages /Parent 10 0 R /Kids [] >> endobj\n";
  EXPECT_EQ(pages(pdf), 5u);
  // An incremental update re-writes the root with more pages: the largest count wins.
  EXPECT_EQ(pages(pdf + "10 0 obj << /Type /Pages /Count 8 /Kids [] >> endobj\n"), 8u);
}

TEST(PdfPages, CountsBelongToTheirOwnDictionary) {
  // A /Count in a nested dictionary is not the page tree's, and the tree's own /Count may come
  // after a nested dictionary.
  EXPECT_EQ(pages("%PDF-1.4\n<< /Type /Pages /Count 2 /Resources << /Count 99 >> >>"), 2u);
  EXPECT_EQ(pages("%PDF-1.4\n<< /Type /Pages /X << /Type /Font >> /Count 4 >>"), 4u);
  // /Count of outlines and untyped dictionaries is ignored; with no page tree, pages are counted.
  EXPECT_EQ(pages("%PDF-1.4\n<< /Type /Outlines /Count 9 >> << /Count 7 >> << /Type /Page >>"), 1u);
}

TEST(PdfPages, FallsBackToPageObjects) {
  // The page tree lives in a compressed object stream (invisible), the pages do not.
  std::string pdf = "%PDF-1.5\n";
  for (int i = 0; i < 4; ++i) pdf += "<< /Type /Page /Parent 2 0 R >>\n";
  EXPECT_EQ(pages(pdf), 4u);
  // An indirect /Count ("7 0 R") is a reference, not a number.
  EXPECT_EQ(pages(pdf + "<< /Type /Pages /Count 7 0 R >>"), 4u);
  // A zero count says nothing useful either.
  EXPECT_EQ(pages(pdf + "<< /Type /Pages /Count 0 >>"), 4u);
  // Negative counts (closed outline items) are not page counts.
  EXPECT_EQ(pages(pdf + "<< /Type /Pages /Count -3 >>"), 4u);
}

TEST(PdfPages, NamesMustMatchExactly) {
  using namespace std::string_literals;  // the last case has a NUL, which PDF counts as white space
  EXPECT_EQ(pages("%PDF-1.4\n<< /Type /Pagex >> << /Type /PageLabels >> << /Typo /Page >>"), 0u);
  EXPECT_EQ(pages("%PDF-1.4\n<< /Type /Pages /Counter 5 >>"), 0u);
  EXPECT_EQ(pages("%PDF-1.4\n<</Type/Pages/Count 6>>"), 6u);
  EXPECT_EQ(pages("%PDF-1.4\n<<\r/Type\n/Pages\t/Count\f6\0>>"s), 6u);
}

TEST(PdfPages, IgnoresStringsCommentsAndStreams) {
  const std::string head = "%PDF-1.4\n";
  EXPECT_EQ(pages(head + "<< /T (a \\) << /Type /Page >> (nested) x) >>"), 0u);
  EXPECT_EQ(pages(head + "% << /Type /Page >>\n<< /Type /Page >>"), 1u);
  EXPECT_EQ(pages(head + "<< /Length 3 >> stream\n<< /Type /Pages /Count 9 >>\nendstream"), 0u);
  EXPECT_EQ(pages(head + "<< /K <2F54797065> /Type /Page >>"), 1u);
  // A stream without endstream hides the rest of the file.
  EXPECT_EQ(pages(head + "<< /Type /Page >> stream\n<< /Type /Page >>"), 1u);
}

TEST(PdfPages, TruncatedFilesReportWhatTheyDeclared) {
  // The page tree node is cut off before ">>": its /Count still counts.
  EXPECT_EQ(pages("%PDF-1.4\n<< /Type /Pages /Count 12"), 12u);
  const std::string pdf = sample_pdf();
  for (size_t n = 0; n <= pdf.size(); ++n) {
    std::vector<char> prefix(pdf.begin(), pdf.begin() + static_cast<std::ptrdiff_t>(n));
    auto got = count_pdf_pages(std::string_view(prefix.data(), prefix.size()));
    if (n < 5) {
      EXPECT_FALSE(got);
    } else {
      ASSERT_TRUE(got);
      EXPECT_LE(*got, 3u) << "prefix " << n;
    }
  }
}

TEST(PdfPages, HugeCountSaturates) {
  EXPECT_EQ(pages("%PDF-1.4\n<< /Type /Pages /Count 123456789012345678901234567890 >>"), SIZE_MAX);
}

TEST(PdfPages, HostileInputsStayLinear) {
  // Each of these is a few MB of a construct that would be quadratic or unbounded if handled
  // naively (deep nesting, unterminated strings, streams without end, look-ahead after /Count).
  const size_t n = 1 << 21;
  std::string head = "%PDF-1.4\n";
  std::string deep = head;
  for (size_t i = 0; i < n / 2; ++i) deep += "<<";
  EXPECT_EQ(pages(deep + "/Type /Page"), 0u) << "too deep to be recorded";
  std::string balanced = head;
  for (size_t i = 0; i < n / 16; ++i) balanced += "<</Type/Page>>";
  EXPECT_EQ(pages(balanced), n / 16);
  EXPECT_EQ(pages(head + std::string(n, '(')), 0u);
  EXPECT_EQ(pages(head + std::string(n, '<')), 0u);
  std::string streams = head;
  for (size_t i = 0; i < n / 8; ++i) streams += " stream ";
  EXPECT_EQ(pages(streams), 0u);
  std::string counts = head + "<< /Type /Pages ";
  for (size_t i = 0; i < n / 16; ++i) counts += "/Count 1        ";
  EXPECT_EQ(pages(counts), 1u);
}
