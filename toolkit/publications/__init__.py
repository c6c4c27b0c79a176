"""Publications: the annotated edition and the published site of a review cycle (Sphinx, HTML
and PDF).

- the annotated edition's pages (:mod:`.edition`) and the Sphinx settings shared by the
  edition and the site (:mod:`.configuration`, the site's project files in ``templates/site``);
- ``cosp publish`` (:mod:`.cli`, :mod:`.site`): the answers read from the store
  (:mod:`.gather`, counts by :mod:`toolkit.statistics`), consent applied (:mod:`.consent`),
  every page's record (:mod:`.content`, :mod:`.report`, :mod:`.summary`) written as the
  site's data files (:mod:`.records`) beside generated pages holding directives only
  (:mod:`.sources`), the figures (:mod:`.figures`), the downloads (:mod:`.downloads`), Sphinx
  run in this process (:mod:`.sphinx_run`) and the PDFs compiled (:mod:`.latex`, checked by
  :mod:`.pdf`);
- the ``cosp`` Sphinx extension reading the data files (:mod:`.sphinx`): country reports,
  the thematic report, figures, the counts beside the edition's provisions.
"""
