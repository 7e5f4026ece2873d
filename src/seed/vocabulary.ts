// Words the generated forum is made of: a plant-care community like the demo, in bulk.

export const firstNames = [
  'Ada', 'Ben', 'Carla', 'Dev', 'Elena', 'Farid', 'Grace', 'Hugo', 'Ines', 'Jonas', 'Kira', 'Liam', 'Maya', 'Noor',
  'Oscar', 'Priya', 'Quinn', 'Rosa', 'Sami', 'Tess', 'Uma', 'Victor', 'Wen', 'Ximena', 'Yusuf', 'Zoe',
];

export const lastNames = [
  'Alvarez', 'Berg', 'Chen', 'Dubois', 'Eriksen', 'Fontaine', 'Garcia', 'Haddad', 'Ito', 'Jensen', 'Kowalski',
  'Larsen', 'Moreau', 'Nguyen', 'Okafor', 'Patel', 'Quiroga', 'Rossi', 'Sato', 'Torres', 'Umar', 'Vogel', 'Weber',
];

/** Top-level categories; each gets sub-categories from `subTopics`. */
export const topics = [
  { name: 'Houseplants', icon: 'leaf' },
  { name: 'Garden', icon: 'sun' },
  { name: 'Succulents and Cacti', icon: 'cactus' },
  { name: 'Specialty Plants', icon: 'flower' },
  { name: 'Community', icon: 'people' },
  { name: 'Edibles', icon: 'carrot' },
];

export const subTopics = [
  'Care Problems', 'Propagation', 'Pests', 'Watering', 'Soil and Repotting', 'Light', 'Show and Tell',
  'Tools and Supplies', 'Plant Swap', 'Identification', 'Beginners', 'Seasonal Care',
];

export const plants = [
  'monstera', 'pothos', 'fiddle leaf fig', 'snake plant', 'calathea', 'peace lily', 'orchid', 'hoya', 'fern',
  'aloe', 'echeveria', 'jade plant', 'string of pearls', 'tomato', 'basil', 'rosemary', 'bonsai juniper',
  'venus flytrap', 'pitcher plant', 'philodendron', 'alocasia', 'begonia', 'spider plant', 'rubber plant',
];

export const problems = [
  'yellow leaves', 'brown tips', 'drooping stems', 'root rot', 'fungus gnats', 'spider mites', 'leggy growth',
  'no new growth', 'crispy edges', 'white spots', 'soft stems', 'leaf drop', 'mealybugs', 'pale leaves',
];

export const titleTemplates = [
  'Help: my {plant} has {problem}',
  'Is {problem} normal for a {plant}?',
  'How often should I water a {plant}?',
  'Best soil mix for {plant}',
  'My {plant} after one year',
  'Propagating {plant} in water or soil?',
  'What is causing {problem} on my {plant}',
  '{plant} care guide for beginners',
  'Repotting a {plant} in winter',
  'Show us your {plant}!',
];

export const sentences = [
  'I water it once a week and it sits by a bright east window.',
  'The pot has drainage holes and the soil is a chunky aroid mix.',
  'Could this be overwatering, or is the light too low?',
  'I checked the roots yesterday and they look firm and white.',
  'Humidity here is around forty percent most of the year.',
  'It was doing great until I moved it last month.',
  'Try letting the top two inches of soil dry out between waterings.',
  'A grow light on a timer made a huge difference for mine.',
  'Wipe the leaves with a damp cloth and check the undersides for pests.',
  'Neem oil every week for a month got rid of them for good.',
  'Mine did the same thing and recovered after I cut back on fertilizer.',
  'Thanks, that worked! New leaf unfurling already.',
  'Pictures would help: can you post one of the whole plant?',
  'Repot in spring when it is actively growing.',
  'Terracotta dries out faster, which these plants love.',
  'Yellow lower leaves are often just old leaves being retired.',
  'Bottom watering keeps the soil evenly moist without soggy spots.',
  'Isolate it from your other plants until you know what it is.',
];

export const tagWords = [
  'watering', 'light', 'pests', 'soil', 'repotting', 'propagation', 'fertilizer', 'humidity', 'beginner',
  'yellow-leaves', 'root-rot', 'grow-lights', 'winter-care', 'summer-care', 'identification', 'pruning',
  'seeds', 'cuttings', 'terrarium', 'hydroponics', 'outdoor', 'indoor', 'rare-plants', 'trade', 'show-off',
  'aroids', 'succulents', 'cacti', 'orchids', 'bonsai', 'carnivorous', 'herbs', 'vegetables', 'ferns',
];

export const reactionWeights = [['LIKE', 0.7], ['HELPFUL', 0.2], ['LOVE', 0.1]] as const;
