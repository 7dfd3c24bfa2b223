// A consultation with enough votes for popular and divisive ideas, so the card, the results and the
// sequence all draw bars: the memory adapter's seed of the forced-colours and every-language pages.
// User text stays as the consultation wrote it (English): only the widgets' own words change.
{
  const votes = [
    { agree: 60, disagree: 10, neutral: 10 },
    { agree: 30, disagree: 28, neutral: 4 },
    { agree: 45, disagree: 5, neutral: 12 },
    { agree: 26, disagree: 24, neutral: 8 },
    { agree: 50, disagree: 8, neutral: 6 },
    { agree: 3, disagree: 2, neutral: 1 },
  ];
  const ideas = [
    'Close school streets to cars at drop-off time',
    'Turn one parking lane per street into cycle paths',
    'Add benches in the shade of every park',
    'Ban leaf blowers in residential streets',
    'Plant a tree for every child born in the city',
    'Open school playgrounds to everyone at weekends',
  ];

  window.streetsSeed = (id) => ({
    consultations: [
      {
        id,
        title: 'Streets and parks',
        question: 'How should we share our streets?',
        themes: [{ id: 'streets', label: 'Safer streets' }],
      },
    ],
    proposals: ideas.map((content, index) => ({
      id: `${id}-${index + 1}`,
      consultationId: id,
      content,
      themeId: 'streets',
      author: { name: 'Inès', age: 1 + index * 20 },
      votes: votes[index],
    })),
  });
}
