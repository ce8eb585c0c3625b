"""A second sample renderer, independent of the extractors and of the first renderer.

Its layouts and label wordings are modelled on real published documents (the
images in ``../shared/real-dev`` and the designs they follow): letter-spaced
licence labels, 2019 and older licence designs, 个体工商户, branches, sole
proprietorships, electronic licences, registrar certificates with a sentence
and a bilingual table. It never imports the extractors: label variants come
from the documents, not from the code under test.
"""
