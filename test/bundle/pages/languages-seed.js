// The every-language test's pages: the page's language and direction from ?lang=, as a site in
// that language would set them, and the memory adapter's seed (enough votes for popular and
// divisive ideas), for the module page (languages-all-page.js) and the classic one alike.
{
  // A block: nothing but `languagesSeed` leaks into the page's globals.
  const lang = new URLSearchParams(location.search).get('lang') ?? 'en';
  document.documentElement.lang = lang;
  document.documentElement.dir = ['ar', 'fa', 'he'].includes(lang) ? 'rtl' : 'ltr';

  const votes = [
    { agree: 60, disagree: 10, neutral: 10 },
    { agree: 30, disagree: 28, neutral: 4 },
    { agree: 45, disagree: 5, neutral: 12 },
    { agree: 26, disagree: 24, neutral: 8 },
    { agree: 50, disagree: 8, neutral: 6 },
    { agree: 3, disagree: 2, neutral: 1 },
  ];
  // User text stays as the consultation wrote it (English here): only the widgets' own words change.
  const ideas = [
    'Close school streets to cars at drop-off time',
    'Turn one parking lane per street into cycle paths',
    'Add benches in the shade of every park',
    'Ban leaf blowers in residential streets',
    'Plant a tree for every child born in the city',
    'Open school playgrounds to everyone at weekends',
  ];

  window.languagesSeed = {
      consultations: [
        {
          id: 'all',
          title: 'Streets and parks',
          question: 'How should we share our streets?',
          locale: 'en',
          themes: [{ id: 'streets', label: 'Safer streets' }],
        },
      ],
      proposals: ideas.map((content, index) => ({
        id: `all-${index + 1}`,
        consultationId: 'all',
        content,
        themeId: 'streets',
        author: { name: 'Inès', age: 1 + index * 20 },
        votes: votes[index],
      })),
    };
}
