/* Explore page: filters, sorting and free text over search/explore.json (placeholder until written). */
