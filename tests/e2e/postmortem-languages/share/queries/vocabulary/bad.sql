-- a row whose heading postmortems do not have
INSERT INTO vocabulary_section (lang, word, heading) VALUES ('es', 'Moraleja', 'moral of the story');
