"""What a reader is shown, in words: the vocabulary, sentences, the verdict and first steps, the
method. Plain strings for every renderer (app, PDF, DOCX, spreadsheets, CLI) to draw."""
