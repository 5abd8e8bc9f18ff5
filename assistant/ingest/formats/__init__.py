"""One small loader per file format (text, PDF, Word, HTML), all returning `Extracted`."""
