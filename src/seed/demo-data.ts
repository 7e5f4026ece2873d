/**
 * Demo content for a plant-care community forum.
 *
 * Loaded into an empty embedded database on first start so that people exploring
 * the API (e.g. in Apollo Sandbox) see realistic data. Pure data: no imports, no I/O,
 * fully deterministic. Timestamps are expressed relative to "now" at seed time:
 * a thread starts `daysAgo` days in the past and each post is offset from the
 * thread start by `minutesAfterStart`.
 */

export interface DemoUser {
  username: string;
  displayName: string;
  role: 'MEMBER' | 'MODERATOR' | 'ADMIN';
}

export interface DemoCategory {
  slug: string;
  name: string;
  description: string;
  icon: string | null;
  displayOrder: number;
  parentSlug: string | null;
}

export interface DemoPost {
  /** username of the author */
  author: string;
  body: string;
  minutesAfterStart: number;
  reactions: { user: string; type: 'LIKE' | 'HELPFUL' | 'LOVE' }[];
}

export interface DemoThread {
  /** category slug */
  category: string;
  /** username of the thread author (also the author of posts[0]) */
  author: string;
  title: string;
  tags: string[];
  isPinned?: boolean;
  isLocked?: boolean;
  daysAgo: number;
  /** posts[0] is the opening post, written by `author` */
  posts: DemoPost[];
}

export const demoUsers: DemoUser[] = [
  { username: 'greenthumb_admin', displayName: 'Rosa Alvarez', role: 'ADMIN' },
  { username: 'fern_gully', displayName: 'Priya Natarajan', role: 'MODERATOR' },
  { username: 'moss_boss', displayName: 'Tom Whitaker', role: 'MODERATOR' },
  { username: 'monstera_mel', displayName: 'Melanie Ortiz', role: 'MEMBER' },
  { username: 'cactus_carl', displayName: 'Carl Jensen', role: 'MEMBER' },
  { username: 'orchid_oli', displayName: 'Olivia Chen', role: 'MEMBER' },
  { username: 'bonsai-ben', displayName: 'Ben Okafor', role: 'MEMBER' },
  { username: 'pothos_pat', displayName: 'Pat Sullivan', role: 'MEMBER' },
  { username: 'succulent_sam', displayName: 'Samira Haddad', role: 'MEMBER' },
  { username: 'leafy_lou', displayName: 'Louis Fontaine', role: 'MEMBER' },
  { username: 'calathea_kim', displayName: 'Kim Nguyen', role: 'MEMBER' },
  { username: 'HoyaHannah', displayName: 'Hannah Berg', role: 'MEMBER' },
];

export const demoCategories: DemoCategory[] = [
  // ── top level ─────────────────────────────────────────────────────────────
  {
    slug: 'houseplants',
    name: 'Houseplants',
    description:
      'Everything about growing plants indoors: foliage plants, light, watering, humidity and the problems that come with them.',
    icon: '🪴',
    displayOrder: 0,
    parentSlug: null,
  },
  {
    slug: 'succulents-cacti',
    name: 'Succulents & Cacti',
    description:
      'Drought-tolerant plants, gritty soil mixes, sunny windowsills and the eternal question of when to water.',
    icon: '🌵',
    displayOrder: 1,
    parentSlug: null,
  },
  {
    slug: 'specialty-plants',
    name: 'Orchids, Bonsai & Specialty Plants',
    description:
      'For plants that need a bit more patience or technique: orchids, bonsai, carnivorous plants and other special cases.',
    icon: '🌸',
    displayOrder: 2,
    parentSlug: null,
  },
  {
    slug: 'community',
    name: 'Community',
    description:
      'Forum announcements, introductions, show-and-tell, gear talk and cutting swaps. Say hello!',
    icon: '💬',
    displayOrder: 3,
    parentSlug: null,
  },

  // ── houseplants ───────────────────────────────────────────────────────────
  {
    slug: 'foliage-plants',
    name: 'Tropical Foliage',
    description:
      'Monsteras, philodendrons, pothos, calatheas, hoyas, figs and the rest of the leafy crowd.',
    icon: '🌿',
    displayOrder: 0,
    parentSlug: 'houseplants',
  },
  {
    slug: 'care-problems',
    name: 'Problems & Diagnosis',
    description:
      'Yellow leaves, brown tips, drooping, root rot or pests? Post clear photos, describe your light and watering routine, and the community will help you figure it out.',
    icon: '🩺',
    displayOrder: 1,
    parentSlug: 'houseplants',
  },
  {
    slug: 'propagation',
    name: 'Propagation',
    description:
      'Cuttings, division, air layering, leaf props and water versus soil debates.',
    icon: '🌱',
    displayOrder: 2,
    parentSlug: 'houseplants',
  },

  // ── succulents & cacti ────────────────────────────────────────────────────
  {
    slug: 'succulent-care',
    name: 'Succulent Care',
    description:
      'Echeverias, haworthias, jades, string-of-pearls and friends: soil, light, watering and overwintering.',
    icon: null,
    displayOrder: 0,
    parentSlug: 'succulents-cacti',
  },
  {
    slug: 'cactus-corner',
    name: 'Cactus Corner',
    description: 'Spines welcome. Cactus care, flowering, grafting and identification.',
    icon: null,
    displayOrder: 1,
    parentSlug: 'succulents-cacti',
  },

  // ── specialty plants ──────────────────────────────────────────────────────
  {
    slug: 'orchids',
    name: 'Orchids',
    description:
      'Phalaenopsis, dendrobiums, oncidiums and beyond: media, reblooming, roots and feeding.',
    icon: '🌺',
    displayOrder: 0,
    parentSlug: 'specialty-plants',
  },
  {
    slug: 'bonsai',
    name: 'Bonsai',
    description:
      'Styling, wiring, pruning, repotting and keeping small trees alive indoors and out.',
    icon: '🌳',
    displayOrder: 1,
    parentSlug: 'specialty-plants',
  },
  {
    slug: 'carnivorous-plants',
    name: 'Carnivorous Plants',
    description: 'Venus flytraps, sundews, pitcher plants, butterworts, dormancy and pure water.',
    icon: null,
    displayOrder: 2,
    parentSlug: 'specialty-plants',
  },

  // ── community ─────────────────────────────────────────────────────────────
  {
    slug: 'show-and-tell',
    name: 'Show and Tell',
    description: 'New leaves, first blooms, glow-ups and before-and-after rescues. Brag freely.',
    icon: '📸',
    displayOrder: 0,
    parentSlug: 'community',
  },
  {
    slug: 'tools-and-supplies',
    name: 'Tools & Supplies',
    description:
      'Grow lights, moisture meters, pots, soil components, pruners and other gear. Reviews and recommendations.',
    icon: '🧰',
    displayOrder: 1,
    parentSlug: 'community',
  },
  {
    slug: 'plant-swap',
    name: 'Cuttings Swap',
    description:
      'Organise cutting and plant swaps with other members. Keep it friendly and check local rules before shipping plants.',
    icon: '🔁',
    displayOrder: 2,
    parentSlug: 'community',
  },
];

export const demoThreads: DemoThread[] = [
  // ── community (top level): pinned threads ────────────────────────────────
  {
    category: 'community',
    author: 'greenthumb_admin',
    title: 'Forum rules and community guidelines (please read before posting)',
    tags: [],
    isPinned: true,
    daysAgo: 60,
    posts: [
      {
        author: 'greenthumb_admin',
        body: 'Be kind, stay on topic, and remember that everyone killed a plant or two when they started. When asking for help, include photos, your light situation and how often you water. No selling without moderator approval; use the Cuttings Swap board for trades.',
        minutesAfterStart: 0,
        reactions: [
          { user: 'fern_gully', type: 'LIKE' },
          { user: 'moss_boss', type: 'LIKE' },
          { user: 'monstera_mel', type: 'HELPFUL' },
        ],
      },
      {
        author: 'moss_boss',
        body: 'One addition from the mod team: please search before opening a new fungus gnat thread. There are some very good ones already and we will merge duplicates.',
        minutesAfterStart: 95,
        reactions: [
          { user: 'greenthumb_admin', type: 'LIKE' },
          { user: 'pothos_pat', type: 'LIKE' },
        ],
      },
    ],
  },
  {
    category: 'community',
    author: 'fern_gully',
    title: 'Welcome! Introduce yourself and your plant collection',
    tags: ['beginner'],
    isPinned: true,
    daysAgo: 59,
    posts: [
      {
        author: 'fern_gully',
        body: 'New here? Tell us where you are growing, what you grow, and which plant you are most proud of (or most worried about). I will start: Priya, small flat in Leeds, far too many ferns and one very dramatic maidenhair.',
        minutesAfterStart: 0,
        reactions: [
          { user: 'greenthumb_admin', type: 'LOVE' },
          { user: 'calathea_kim', type: 'LIKE' },
        ],
      },
      {
        author: 'monstera_mel',
        body: 'Hi all, Melanie from Austin. Started with one monstera during lockdown and now I have fourteen aroids and a humidifier addiction.',
        minutesAfterStart: 42,
        reactions: [
          { user: 'fern_gully', type: 'LIKE' },
          { user: 'pothos_pat', type: 'LOVE' },
        ],
      },
      {
        author: 'cactus_carl',
        body: 'Carl, Arizona. Mostly cacti because they survive my travel schedule. Trying my first orchid this year, wish me luck.',
        minutesAfterStart: 130,
        reactions: [{ user: 'orchid_oli', type: 'LIKE' }],
      },
      {
        author: 'orchid_oli',
        body: 'Olivia here, Vancouver. About thirty orchids on a windowsill and a shelf with LEDs. Carl, happy to help with that first orchid!',
        minutesAfterStart: 305,
        reactions: [
          { user: 'cactus_carl', type: 'LOVE' },
          { user: 'HoyaHannah', type: 'LIKE' },
        ],
      },
      {
        author: 'bonsai-ben',
        body: 'Ben from Lagos, now in Rotterdam. I grow bonsai on a balcony and I am slowly learning which trees hate Dutch winters.',
        minutesAfterStart: 1210,
        reactions: [{ user: 'moss_boss', type: 'LIKE' }],
      },
      {
        author: 'leafy_lou',
        body: 'Louis, Montreal, complete beginner. I have a fiddle leaf fig that seems to hate me personally.',
        minutesAfterStart: 2890,
        reactions: [
          { user: 'fern_gully', type: 'LIKE' },
          { user: 'monstera_mel', type: 'LIKE' },
        ],
      },
      {
        author: 'HoyaHannah',
        body: 'Hannah from Oslo. Hoyas, hoyas and more hoyas. Short winter days are my biggest challenge, so I am always happy to talk grow lights.',
        minutesAfterStart: 4320,
        reactions: [{ user: 'orchid_oli', type: 'LOVE' }],
      },
      {
        author: 'succulent_sam',
        body: 'Samira, Melbourne. Succulents on every sunny surface of the house. Welcome everyone, this place is lovely.',
        minutesAfterStart: 6015,
        reactions: [
          { user: 'cactus_carl', type: 'LIKE' },
          { user: 'fern_gully', type: 'LIKE' },
          { user: 'greenthumb_admin', type: 'LIKE' },
        ],
      },
    ],
  },

  // ── houseplants (top level) ──────────────────────────────────────────────
  {
    category: 'houseplants',
    author: 'HoyaHannah',
    title: 'Grow lights for a shelf setup: what wattage do I actually need?',
    tags: ['lighting', 'tools'],
    daysAgo: 33,
    posts: [
      {
        author: 'HoyaHannah',
        body: 'I want to light a five-shelf unit for hoyas and small aroids over winter. Product listings all shout about watts and lumens; what should I actually be comparing?',
        minutesAfterStart: 0,
        reactions: [],
      },
      {
        author: 'orchid_oli',
        body: 'Ignore "equivalent watts" entirely. Look for PPFD charts at the distance you will hang them; around 100 to 200 at leaf level is plenty for hoyas.',
        minutesAfterStart: 18,
        reactions: [
          { user: 'HoyaHannah', type: 'HELPFUL' },
          { user: 'moss_boss', type: 'HELPFUL' },
          { user: 'leafy_lou', type: 'LIKE' },
        ],
      },
      {
        author: 'moss_boss',
        body: 'Plain white LED bars at 4000 to 5000K work just as well as the purple ones and you will not feel like you live in a nightclub.',
        minutesAfterStart: 44,
        reactions: [
          { user: 'orchid_oli', type: 'LIKE' },
          { user: 'pothos_pat', type: 'LIKE' },
        ],
      },
      {
        author: 'HoyaHannah',
        body: 'How do people measure PPFD without a proper quantum meter?',
        minutesAfterStart: 71,
        reactions: [],
      },
      {
        author: 'orchid_oli',
        body: 'Phone light-meter apps in lux mode get you in the right ballpark. For white LEDs, divide lux by roughly 70 to estimate PPFD.',
        minutesAfterStart: 102,
        reactions: [{ user: 'HoyaHannah', type: 'HELPFUL' }],
      },
      {
        author: 'HoyaHannah',
        body: 'Update: went with four 24W bars on a 12-hour timer. Two weeks in and the Hoya kerrii already has a new vine.',
        minutesAfterStart: 20300,
        reactions: [
          { user: 'orchid_oli', type: 'LOVE' },
          { user: 'calathea_kim', type: 'LIKE' },
        ],
      },
    ],
  },

  // ── houseplants / foliage-plants ─────────────────────────────────────────
  {
    category: 'foliage-plants',
    author: 'monstera_mel',
    title: 'Monstera deliciosa not fenestrating after a year: what am I missing?',
    tags: ['monstera', 'lighting', 'beginner'],
    daysAgo: 14,
    posts: [
      {
        author: 'monstera_mel',
        body: 'My monstera sits about three metres from an east window and every new leaf is still solid and heart-shaped. It is healthy otherwise, so is it just too young?',
        minutesAfterStart: 0,
        reactions: [{ user: 'leafy_lou', type: 'LIKE' }],
      },
      {
        author: 'pothos_pat',
        body: 'Three metres from the window is a lot less light than it looks. Fenestrations are mostly about maturity and light, so try moving it right next to the glass.',
        minutesAfterStart: 25,
        reactions: [
          { user: 'monstera_mel', type: 'HELPFUL' },
          { user: 'fern_gully', type: 'LIKE' },
        ],
      },
      {
        author: 'fern_gully',
        body: 'Giving it something to climb helps too. Mine only started splitting once the aerial roots had a moss pole to grab.',
        minutesAfterStart: 63,
        reactions: [{ user: 'monstera_mel', type: 'LIKE' }],
      },
      {
        author: 'calathea_kim',
        body: 'Also check that it is getting fed in the growing season. A pot-bound plant that has never been fertilised will put out small, plain leaves.',
        minutesAfterStart: 140,
        reactions: [],
      },
      {
        author: 'monstera_mel',
        body: 'Moved it next to the window and ordered a pole. I will report back in a couple of months.',
        minutesAfterStart: 188,
        reactions: [{ user: 'pothos_pat', type: 'LIKE' }],
      },
      {
        author: 'monstera_mel',
        body: 'Report: the newest leaf has two small splits! Light really was the main thing.',
        minutesAfterStart: 18790,
        reactions: [
          { user: 'pothos_pat', type: 'LOVE' },
          { user: 'fern_gully', type: 'LOVE' },
          { user: 'calathea_kim', type: 'LIKE' },
          { user: 'leafy_lou', type: 'LIKE' },
        ],
      },
    ],
  },
  {
    category: 'foliage-plants',
    author: 'calathea_kim',
    title: 'Calathea leaves curling with crispy edges despite a humidifier',
    tags: ['calathea', 'humidity', 'watering'],
    daysAgo: 9,
    posts: [
      {
        author: 'calathea_kim',
        body: 'My Calathea orbifolia curls its leaves every afternoon and the edges are going brown and crunchy. The humidifier keeps the room at 60 percent, so I am lost.',
        minutesAfterStart: 0,
        reactions: [],
      },
      {
        author: 'fern_gully',
        body: 'What water do you use? Calatheas are notoriously touchy about fluoride and chlorine, and crispy edges are a classic sign.',
        minutesAfterStart: 33,
        reactions: [{ user: 'calathea_kim', type: 'HELPFUL' }],
      },
      {
        author: 'calathea_kim',
        body: 'Straight from the tap. I had no idea that mattered.',
        minutesAfterStart: 51,
        reactions: [],
      },
      {
        author: 'moss_boss',
        body: 'Switch to filtered or rain water and keep the soil evenly moist, never bone dry. Afternoon curling can also just mean the soil dried out too far.',
        minutesAfterStart: 87,
        reactions: [
          { user: 'calathea_kim', type: 'HELPFUL' },
          { user: 'fern_gully', type: 'LIKE' },
        ],
      },
      {
        author: 'HoyaHannah',
        body: 'Old damaged edges will not recover, so trim them with clean scissors following the leaf shape. Judge progress on the new leaves only.',
        minutesAfterStart: 212,
        reactions: [{ user: 'calathea_kim', type: 'LIKE' }],
      },
    ],
  },
  {
    category: 'foliage-plants',
    author: 'pothos_pat',
    title: 'How long can pothos vines get indoors? Mine just hit four metres',
    tags: ['pothos'],
    daysAgo: 27,
    posts: [
      {
        author: 'pothos_pat',
        body: 'My golden pothos has been trailing along the top of the bookshelves and I measured the longest vine at just over four metres. Is there a point where it stops?',
        minutesAfterStart: 0,
        reactions: [
          { user: 'monstera_mel', type: 'LOVE' },
          { user: 'leafy_lou', type: 'LIKE' },
        ],
      },
      {
        author: 'monstera_mel',
        body: 'Not really, they will keep going as long as there is light and food. Though the leaves usually get smaller and further apart toward the end of a long vine.',
        minutesAfterStart: 48,
        reactions: [{ user: 'pothos_pat', type: 'HELPFUL' }],
      },
      {
        author: 'succulent_sam',
        body: 'Chop a couple of those long strands and stick them back in the pot. You get a much fuller plant and it looks less leggy.',
        minutesAfterStart: 1320,
        reactions: [{ user: 'pothos_pat', type: 'LIKE' }],
      },
    ],
  },
  {
    category: 'foliage-plants',
    author: 'leafy_lou',
    title: 'Fiddle leaf fig dropping leaves after moving apartments',
    tags: ['fiddle-leaf-fig', 'lighting', 'beginner'],
    daysAgo: 41,
    posts: [
      {
        author: 'leafy_lou',
        body: 'We moved last weekend and my fiddle leaf fig has dropped five leaves since. The new spot gets south light, which I thought would be better than the old place.',
        minutesAfterStart: 0,
        reactions: [],
      },
      {
        author: 'moss_boss',
        body: 'Fiddles sulk after any change in location, even a good one. Give it a few weeks before you decide anything is wrong.',
        minutesAfterStart: 22,
        reactions: [{ user: 'leafy_lou', type: 'HELPFUL' }],
      },
      {
        author: 'pothos_pat',
        body: 'Is it near a radiator or a draughty door? Cold drafts make them drop leaves fast.',
        minutesAfterStart: 39,
        reactions: [],
      },
      {
        author: 'leafy_lou',
        body: 'There is a radiator under that window, actually. It was off when we viewed the flat.',
        minutesAfterStart: 57,
        reactions: [],
      },
      {
        author: 'monstera_mel',
        body: 'That is your culprit. Hot dry air from below plus a big change in light is a lot to deal with at once.',
        minutesAfterStart: 90,
        reactions: [
          { user: 'moss_boss', type: 'LIKE' },
          { user: 'leafy_lou', type: 'HELPFUL' },
        ],
      },
      {
        author: 'fern_gully',
        body: 'Move it a metre to the side so it still gets the light but is out of the heat plume, and hold off on watering until the top few centimetres are dry.',
        minutesAfterStart: 154,
        reactions: [{ user: 'leafy_lou', type: 'HELPFUL' }],
      },
      {
        author: 'leafy_lou',
        body: 'Three weeks later: no more drops and there is a new bud at the top. Thank you all.',
        minutesAfterStart: 30400,
        reactions: [
          { user: 'fern_gully', type: 'LOVE' },
          { user: 'moss_boss', type: 'LIKE' },
          { user: 'pothos_pat', type: 'LIKE' },
        ],
      },
    ],
  },
  {
    category: 'foliage-plants',
    author: 'HoyaHannah',
    title: 'Hoya carnosa not blooming after three years',
    tags: ['hoya', 'lighting', 'fertilizer'],
    daysAgo: 22,
    posts: [
      {
        author: 'HoyaHannah',
        body: 'My Hoya carnosa is big and healthy but has never flowered. I trimmed a few leafless stems last spring to tidy it up; could that be the problem?',
        minutesAfterStart: 0,
        reactions: [],
      },
      {
        author: 'orchid_oli',
        body: 'Were those leafless stems little spurs? Those are peduncles, and hoyas bloom from the same ones year after year, so never cut them off.',
        minutesAfterStart: 35,
        reactions: [
          { user: 'HoyaHannah', type: 'HELPFUL' },
          { user: 'moss_boss', type: 'HELPFUL' },
        ],
      },
      {
        author: 'moss_boss',
        body: 'More light is the other big lever. Mine only bloomed after I moved it to a west window and let it get a bit root-bound.',
        minutesAfterStart: 110,
        reactions: [{ user: 'HoyaHannah', type: 'LIKE' }],
      },
      {
        author: 'HoyaHannah',
        body: 'Oops, yes, I definitely cut spurs. Lesson learned, and it is going under the new shelf lights.',
        minutesAfterStart: 160,
        reactions: [{ user: 'orchid_oli', type: 'LIKE' }],
      },
    ],
  },
  {
    category: 'foliage-plants',
    author: 'monstera_mel',
    title: 'Moss pole vs. coir pole vs. cedar plank for climbing aroids',
    tags: ['monstera', 'philodendron', 'tools'],
    daysAgo: 18,
    posts: [
      {
        author: 'monstera_mel',
        body: 'Time to stake a few climbers and I keep going back and forth. Which support do you actually prefer, and why?',
        minutesAfterStart: 0,
        reactions: [],
      },
      {
        author: 'pothos_pat',
        body: 'Coir poles are cheap and tidy, but the aerial roots barely grip them. I end up using plant ties anyway.',
        minutesAfterStart: 14,
        reactions: [{ user: 'monstera_mel', type: 'LIKE' }],
      },
      {
        author: 'calathea_kim',
        body: 'Sphagnum poles every time. If you keep them damp the roots grow right into them and the leaves get noticeably bigger.',
        minutesAfterStart: 29,
        reactions: [
          { user: 'monstera_mel', type: 'HELPFUL' },
          { user: 'fern_gully', type: 'LIKE' },
        ],
      },
      {
        author: 'moss_boss',
        body: 'The downside of moss poles is the upkeep. I built extendable ones out of plastic mesh so I can add sections as the plant grows.',
        minutesAfterStart: 66,
        reactions: [{ user: 'calathea_kim', type: 'LIKE' }],
      },
      {
        author: 'bonsai-ben',
        body: 'Untreated cedar planks look great and last for years. The roots attach well once the wood has some texture, but they dry out faster than moss.',
        minutesAfterStart: 131,
        reactions: [],
      },
      {
        author: 'monstera_mel',
        body: 'Moss boss, any instructions for those mesh poles? That sounds like the best of both worlds.',
        minutesAfterStart: 150,
        reactions: [],
      },
      {
        author: 'moss_boss',
        body: 'Roll a strip of garden mesh into a tube, zip-tie the seam and pack it with damp sphagnum. Zip-tie the next section on top when it needs to grow.',
        minutesAfterStart: 212,
        reactions: [
          { user: 'monstera_mel', type: 'HELPFUL' },
          { user: 'pothos_pat', type: 'HELPFUL' },
          { user: 'calathea_kim', type: 'LIKE' },
        ],
      },
      {
        author: 'pothos_pat',
        body: 'Stealing this idea for my Philodendron hederaceum, thanks.',
        minutesAfterStart: 305,
        reactions: [{ user: 'moss_boss', type: 'LIKE' }],
      },
    ],
  },
  {
    category: 'foliage-plants',
    author: 'pothos_pat',
    title: 'Best low-light plants for a north-facing bathroom?',
    tags: ['lighting', 'humidity', 'beginner'],
    daysAgo: 50,
    posts: [
      {
        author: 'pothos_pat',
        body: 'My bathroom has one small frosted north window. What will actually grow there, instead of just slowly dying?',
        minutesAfterStart: 0,
        reactions: [],
      },
      {
        author: 'fern_gully',
        body: 'Bird\'s nest fern and maidenhair love the steam, as long as they can see the sky through the window.',
        minutesAfterStart: 31,
        reactions: [{ user: 'pothos_pat', type: 'HELPFUL' }],
      },
      {
        author: 'leafy_lou',
        body: 'ZZ plant and snake plant are nearly indestructible, although they grow very slowly in low light.',
        minutesAfterStart: 57,
        reactions: [],
      },
      {
        author: 'calathea_kim',
        body: 'Maybe a calathea? They like humidity and do not want direct sun anyway.',
        minutesAfterStart: 83,
        reactions: [{ user: 'fern_gully', type: 'LIKE' }],
      },
      {
        author: 'HoyaHannah',
        body: 'Honestly, a small clip-on grow light on a timer widens your options a lot. Bathrooms are brilliant for humidity but usually terrible for light.',
        minutesAfterStart: 240,
        reactions: [
          { user: 'pothos_pat', type: 'HELPFUL' },
          { user: 'orchid_oli', type: 'LIKE' },
        ],
      },
      {
        author: 'pothos_pat',
        body: 'Went with a bird\'s nest fern and a ZZ plant. Both look happy after a month.',
        minutesAfterStart: 43600,
        reactions: [{ user: 'fern_gully', type: 'LOVE' }],
      },
    ],
  },
  {
    category: 'foliage-plants',
    author: 'calathea_kim',
    title: 'Alocasia lost every single leaf: is it dead or dormant?',
    tags: ['alocasia', 'watering'],
    daysAgo: 6,
    posts: [
      {
        author: 'calathea_kim',
        body: 'My Alocasia Polly dropped its last leaf yesterday and now it is just a stump in soil. Should I throw it out?',
        minutesAfterStart: 0,
        reactions: [],
      },
      {
        author: 'monstera_mel',
        body: 'Do not bin it! Alocasias often go dormant in winter. Check that the corm is firm, then keep the soil barely moist and wait.',
        minutesAfterStart: 40,
        reactions: [
          { user: 'calathea_kim', type: 'HELPFUL' },
          { user: 'HoyaHannah', type: 'LIKE' },
        ],
      },
      {
        author: 'calathea_kim',
        body: 'Corm is firm and there is a tiny pale point on top. Fingers crossed.',
        minutesAfterStart: 95,
        reactions: [{ user: 'monstera_mel', type: 'LOVE' }],
      },
    ],
  },

  // ── houseplants / care-problems ──────────────────────────────────────────
  {
    category: 'care-problems',
    author: 'leafy_lou',
    title: 'Yellowing lower leaves on pothos: overwatering or just old leaves?',
    tags: ['pothos', 'watering', 'yellowing-leaves', 'beginner'],
    daysAgo: 3,
    posts: [
      {
        author: 'leafy_lou',
        body: 'Two or three of the oldest leaves on my pothos turned bright yellow this week. I water every Sunday whether it needs it or not.',
        minutesAfterStart: 0,
        reactions: [],
      },
      {
        author: 'pothos_pat',
        body: 'Watering on a fixed schedule is the usual culprit. Stick a finger in the soil and only water when the top third is dry.',
        minutesAfterStart: 12,
        reactions: [
          { user: 'leafy_lou', type: 'HELPFUL' },
          { user: 'fern_gully', type: 'LIKE' },
        ],
      },
      {
        author: 'moss_boss',
        body: 'One yellow leaf now and then is normal ageing. Several at once, plus soggy soil, points to overwatering.',
        minutesAfterStart: 27,
        reactions: [{ user: 'leafy_lou', type: 'HELPFUL' }],
      },
      {
        author: 'leafy_lou',
        body: 'The soil is still damp three days after watering, and the pot has no drainage hole. I am guessing that is bad.',
        minutesAfterStart: 46,
        reactions: [],
      },
      {
        author: 'fern_gully',
        body: 'Yes, that is the main problem. Repot into something with drainage, or use the pretty pot as a cachepot with a nursery pot inside.',
        minutesAfterStart: 61,
        reactions: [
          { user: 'leafy_lou', type: 'HELPFUL' },
          { user: 'pothos_pat', type: 'LIKE' },
          { user: 'moss_boss', type: 'LIKE' },
        ],
      },
      {
        author: 'calathea_kim',
        body: 'While you have it out of the pot, check the roots. Healthy ones are white or tan and firm; brown mushy ones should be trimmed off.',
        minutesAfterStart: 98,
        reactions: [{ user: 'leafy_lou', type: 'LIKE' }],
      },
      {
        author: 'leafy_lou',
        body: 'Roots were mostly fine, just a couple of mushy bits. It is now in a nursery pot inside the ceramic one.',
        minutesAfterStart: 310,
        reactions: [{ user: 'pothos_pat', type: 'LIKE' }],
      },
      {
        author: 'pothos_pat',
        body: 'Perfect. The yellow leaves will not turn green again, so pull them off when they come away easily.',
        minutesAfterStart: 355,
        reactions: [{ user: 'leafy_lou', type: 'HELPFUL' }],
      },
    ],
  },
  {
    category: 'care-problems',
    author: 'monstera_mel',
    title: 'Fungus gnats are taking over my apartment. Help!',
    tags: ['pests', 'fungus-gnats', 'watering', 'soil'],
    daysAgo: 12,
    posts: [
      {
        author: 'monstera_mel',
        body: 'There are little black flies everywhere: on the windows, on my laptop, in my coffee. I have about forty plants, so I do not know where to start.',
        minutesAfterStart: 0,
        reactions: [],
      },
      {
        author: 'fern_gully',
        body: 'The larvae live in constantly wet topsoil. Let the top few centimetres dry out between waterings and you cut off the breeding ground.',
        minutesAfterStart: 20,
        reactions: [
          { user: 'monstera_mel', type: 'HELPFUL' },
          { user: 'moss_boss', type: 'HELPFUL' },
        ],
      },
      {
        author: 'cactus_carl',
        body: 'Yellow sticky traps for the adults, stuck right into the pots. They are ugly but they show you which plants are the worst.',
        minutesAfterStart: 38,
        reactions: [{ user: 'monstera_mel', type: 'LIKE' }],
      },
      {
        author: 'moss_boss',
        body: 'BTI (the stuff in mosquito dunks) in your watering can kills the larvae and is harmless to plants and pets. Use it for a few weeks to break the cycle.',
        minutesAfterStart: 75,
        reactions: [
          { user: 'monstera_mel', type: 'HELPFUL' },
          { user: 'fern_gully', type: 'LIKE' },
          { user: 'pothos_pat', type: 'HELPFUL' },
        ],
      },
      {
        author: 'pothos_pat',
        body: 'Bottom watering helped me a lot, because the surface stays dry. A layer of sand on top works too.',
        minutesAfterStart: 122,
        reactions: [],
      },
      {
        author: 'monstera_mel',
        body: 'Ordered dunks and traps. Is it worth repotting everything into fresh soil?',
        minutesAfterStart: 150,
        reactions: [],
      },
      {
        author: 'fern_gully',
        body: 'Not usually. Only bother if a particular pot is permanently soggy or the mix has broken down into mush.',
        minutesAfterStart: 178,
        reactions: [{ user: 'monstera_mel', type: 'HELPFUL' }],
      },
    ],
  },
  {
    category: 'care-problems',
    author: 'orchid_oli',
    title: 'Tiny white cottony things in the leaf axils: mealybugs?',
    tags: ['pests', 'mealybugs', 'orchids'],
    daysAgo: 20,
    posts: [
      {
        author: 'orchid_oli',
        body: 'Found small white fluffy blobs where the leaves meet the stem on one of my Phalaenopsis. They smear when I poke them.',
        minutesAfterStart: 0,
        reactions: [],
      },
      {
        author: 'moss_boss',
        body: 'Classic mealybugs. Isolate that plant straight away and dab every visible one with a cotton bud dipped in isopropyl alcohol.',
        minutesAfterStart: 16,
        reactions: [
          { user: 'orchid_oli', type: 'HELPFUL' },
          { user: 'cactus_carl', type: 'LIKE' },
        ],
      },
      {
        author: 'cactus_carl',
        body: 'Check the roots and under the rim of the pot as well. They love hiding where you cannot see them.',
        minutesAfterStart: 49,
        reactions: [{ user: 'orchid_oli', type: 'HELPFUL' }],
      },
      {
        author: 'orchid_oli',
        body: 'Two rounds of alcohol and then a systemic, and it has been clean for two weeks now. The neighbouring plants stayed clear.',
        minutesAfterStart: 20200,
        reactions: [{ user: 'moss_boss', type: 'LIKE' }],
      },
    ],
  },
  {
    category: 'care-problems',
    author: 'pothos_pat',
    title: 'Brown spots with yellow halos on monstera leaves',
    tags: ['monstera', 'yellowing-leaves', 'watering'],
    daysAgo: 16,
    posts: [
      {
        author: 'pothos_pat',
        body: 'A couple of the lower monstera leaves have dark brown spots, each with a yellow ring around it. The spots are slowly getting bigger.',
        minutesAfterStart: 0,
        reactions: [],
      },
      {
        author: 'calathea_kim',
        body: 'Spots with yellow halos are often bacterial or fungal, usually from wet leaves and poor air flow. Do you mist it?',
        minutesAfterStart: 45,
        reactions: [{ user: 'pothos_pat', type: 'HELPFUL' }],
      },
      {
        author: 'pothos_pat',
        body: 'Every morning, yes. I thought it liked humidity.',
        minutesAfterStart: 61,
        reactions: [],
      },
      {
        author: 'fern_gully',
        body: 'Misting barely raises humidity and leaves water sitting on the leaves. Stop misting, remove the worst leaves with sterilised scissors and improve air flow.',
        minutesAfterStart: 93,
        reactions: [
          { user: 'pothos_pat', type: 'HELPFUL' },
          { user: 'calathea_kim', type: 'LIKE' },
        ],
      },
      {
        author: 'monstera_mel',
        body: 'Also worth checking the roots, since root rot can show up as spotting on older leaves first.',
        minutesAfterStart: 240,
        reactions: [],
      },
    ],
  },
  {
    category: 'care-problems',
    author: 'calathea_kim',
    title: 'Spider mites on my calathea again: what actually works?',
    tags: ['pests', 'spider-mites', 'calathea', 'humidity'],
    daysAgo: 29,
    posts: [
      {
        author: 'calathea_kim',
        body: 'Third spider mite outbreak this year on the same calathea. I wipe the leaves, they come back two weeks later.',
        minutesAfterStart: 0,
        reactions: [],
      },
      {
        author: 'moss_boss',
        body: 'Mites breed fast, so a single treatment never gets the eggs. You need to repeat whatever you use every 5 to 7 days for at least a month.',
        minutesAfterStart: 28,
        reactions: [
          { user: 'calathea_kim', type: 'HELPFUL' },
          { user: 'fern_gully', type: 'HELPFUL' },
        ],
      },
      {
        author: 'fern_gully',
        body: 'Give it a good shower in the tub, especially the leaf undersides, then follow with insecticidal soap.',
        minutesAfterStart: 55,
        reactions: [{ user: 'calathea_kim', type: 'LIKE' }],
      },
      {
        author: 'HoyaHannah',
        body: 'Predatory mites (Phytoseiulus) fixed it for me for good. Expensive-ish, but no spraying and they handle the eggs.',
        minutesAfterStart: 180,
        reactions: [
          { user: 'calathea_kim', type: 'HELPFUL' },
          { user: 'orchid_oli', type: 'LIKE' },
        ],
      },
      {
        author: 'leafy_lou',
        body: 'Does higher humidity really keep them away, or is that a myth?',
        minutesAfterStart: 402,
        reactions: [],
      },
      {
        author: 'moss_boss',
        body: 'It helps: they thrive in warm dry air, so humidity slows them down. It will not cure an existing infestation on its own, though.',
        minutesAfterStart: 460,
        reactions: [{ user: 'leafy_lou', type: 'HELPFUL' }],
      },
    ],
  },
  {
    category: 'care-problems',
    author: 'succulent_sam',
    title: 'White crust on top of the soil: mold or mineral buildup?',
    tags: ['soil', 'watering', 'fertilizer'],
    daysAgo: 37,
    posts: [
      {
        author: 'succulent_sam',
        body: 'There is a hard white crust on the soil surface and on the rim of a terracotta pot. It does not look fuzzy.',
        minutesAfterStart: 0,
        reactions: [],
      },
      {
        author: 'cactus_carl',
        body: 'Hard and crusty is almost always salts from hard water or fertiliser. Fuzzy and soft would be mold.',
        minutesAfterStart: 52,
        reactions: [{ user: 'succulent_sam', type: 'HELPFUL' }],
      },
      {
        author: 'greenthumb_admin',
        body: 'Scrape off the top layer and flush the pot with plenty of water every few months so the salts drain out the bottom. Go easy on the fertiliser too.',
        minutesAfterStart: 97,
        reactions: [
          { user: 'succulent_sam', type: 'HELPFUL' },
          { user: 'cactus_carl', type: 'LIKE' },
        ],
      },
    ],
  },
  {
    category: 'care-problems',
    author: 'HoyaHannah',
    title: 'Root rot rescue: is this snake plant salvageable?',
    tags: ['snake-plant', 'root-rot', 'repotting'],
    daysAgo: 44,
    posts: [
      {
        author: 'HoyaHannah',
        body: 'A friend gave me her snake plant and it smells awful. Half the leaves are soft at the base and the roots are black.',
        minutesAfterStart: 0,
        reactions: [],
      },
      {
        author: 'cactus_carl',
        body: 'Cut away everything soft until you only see firm, pale tissue. Let the cuts callus for a couple of days before potting into a gritty, dry mix.',
        minutesAfterStart: 36,
        reactions: [{ user: 'HoyaHannah', type: 'HELPFUL' }],
      },
      {
        author: 'succulent_sam',
        body: 'Any firm leaves you have to remove can be propagated as leaf cuttings. Even if the main plant is lost you will not lose the genetics.',
        minutesAfterStart: 70,
        reactions: [
          { user: 'HoyaHannah', type: 'HELPFUL' },
          { user: 'cactus_carl', type: 'LIKE' },
        ],
      },
      {
        author: 'HoyaHannah',
        body: 'Saved three healthy rhizomes and six leaf cuttings. Do not water until roots form, right?',
        minutesAfterStart: 2950,
        reactions: [],
      },
      {
        author: 'cactus_carl',
        body: 'Right. Maybe a light drink after two or three weeks, but snake plants would much rather be too dry than too wet.',
        minutesAfterStart: 3015,
        reactions: [{ user: 'HoyaHannah', type: 'LIKE' }],
      },
    ],
  },
  {
    category: 'care-problems',
    author: 'cactus_carl',
    title: 'Scale insects on my bay laurel: neem oil or rubbing alcohol?',
    tags: ['pests', 'scale'],
    daysAgo: 0,
    posts: [
      {
        author: 'cactus_carl',
        body: 'My indoor bay laurel has little brown bumps along the stems and the leaves are sticky. I would rather not use anything harsh since I cook with it.',
        minutesAfterStart: 0,
        reactions: [{ user: 'bonsai-ben', type: 'LIKE' }],
      },
    ],
  },

  // ── houseplants / propagation ────────────────────────────────────────────
  {
    category: 'propagation',
    author: 'pothos_pat',
    title: 'Water propagation vs. straight to soil for pothos cuttings',
    tags: ['pothos', 'propagation'],
    daysAgo: 24,
    posts: [
      {
        author: 'pothos_pat',
        body: 'I have always rooted pothos in water, but people keep saying the roots struggle when moved to soil. Is it worth going straight to soil instead?',
        minutesAfterStart: 0,
        reactions: [],
      },
      {
        author: 'monstera_mel',
        body: 'Water roots are a little different, but pothos adapt fine if you keep the soil quite moist for the first couple of weeks after the move.',
        minutesAfterStart: 26,
        reactions: [{ user: 'pothos_pat', type: 'HELPFUL' }],
      },
      {
        author: 'leafy_lou',
        body: 'I like water because I can see the roots. It is the only way I stop myself from poking at them every day.',
        minutesAfterStart: 58,
        reactions: [
          { user: 'pothos_pat', type: 'LIKE' },
          { user: 'calathea_kim', type: 'LIKE' },
        ],
      },
      {
        author: 'fern_gully',
        body: 'Middle ground: root them in a clear cup of damp perlite or sphagnum. You can still watch the roots, and they transition to soil easily.',
        minutesAfterStart: 121,
        reactions: [
          { user: 'pothos_pat', type: 'HELPFUL' },
          { user: 'monstera_mel', type: 'HELPFUL' },
          { user: 'leafy_lou', type: 'LOVE' },
        ],
      },
      {
        author: 'pothos_pat',
        body: 'Perlite in a clear cup is genius. Trying it with the next batch.',
        minutesAfterStart: 140,
        reactions: [],
      },
      {
        author: 'calathea_kim',
        body: 'Whatever you pick, make sure each cutting has at least one node. A leaf on its own will root but never grow a new vine.',
        minutesAfterStart: 600,
        reactions: [{ user: 'leafy_lou', type: 'HELPFUL' }],
      },
    ],
  },
  {
    category: 'propagation',
    author: 'monstera_mel',
    title: 'Monstera cutting has roots but no new growth after six weeks',
    tags: ['monstera', 'propagation'],
    daysAgo: 11,
    posts: [
      {
        author: 'monstera_mel',
        body: 'The cutting has a nice bunch of roots in water but the node has not pushed out a new leaf yet. Should I be worried?',
        minutesAfterStart: 0,
        reactions: [],
      },
      {
        author: 'pothos_pat',
        body: 'Totally normal. Monsteras put energy into roots first, and a new leaf often takes two or three months.',
        minutesAfterStart: 19,
        reactions: [{ user: 'monstera_mel', type: 'HELPFUL' }],
      },
      {
        author: 'calathea_kim',
        body: 'Warmth speeds things up a lot. Mine sat for ages until I put the jar on a seedling heat mat.',
        minutesAfterStart: 73,
        reactions: [{ user: 'monstera_mel', type: 'LIKE' }],
      },
      {
        author: 'monstera_mel',
        body: 'Heat mat it is. The kitchen window is pretty cold at night.',
        minutesAfterStart: 98,
        reactions: [],
      },
    ],
  },
  {
    category: 'propagation',
    author: 'succulent_sam',
    title: 'Propagating string of pearls: lay on soil or pin the strands down?',
    tags: ['succulents', 'propagation'],
    daysAgo: 35,
    posts: [
      {
        author: 'succulent_sam',
        body: 'I trimmed my string of pearls and have a pile of strands. Do I just lay them on top of the soil, or do they need to be buried?',
        minutesAfterStart: 0,
        reactions: [],
      },
      {
        author: 'cactus_carl',
        body: 'Lay them on top and pin them gently with bent paperclips so the stem touches the soil. Roots come out along the stem between the pearls.',
        minutesAfterStart: 44,
        reactions: [
          { user: 'succulent_sam', type: 'HELPFUL' },
          { user: 'HoyaHannah', type: 'LIKE' },
        ],
      },
      {
        author: 'HoyaHannah',
        body: 'Mist the soil surface lightly every few days until they take hold. Do not bury the pearls, they rot.',
        minutesAfterStart: 190,
        reactions: [{ user: 'succulent_sam', type: 'HELPFUL' }],
      },
    ],
  },
  {
    category: 'propagation',
    author: 'HoyaHannah',
    title: 'Air layering a rubber plant: my step-by-step notes',
    tags: ['propagation', 'rubber-plant'],
    daysAgo: 53,
    posts: [
      {
        author: 'HoyaHannah',
        body: 'My rubber plant hit the ceiling, so I air layered the top instead of chopping it. I made a shallow cut below a node, wrapped it in damp sphagnum and cling film, and roots appeared after about five weeks.',
        minutesAfterStart: 0,
        reactions: [
          { user: 'fern_gully', type: 'LOVE' },
          { user: 'moss_boss', type: 'HELPFUL' },
          { user: 'pothos_pat', type: 'LIKE' },
        ],
      },
      {
        author: 'bonsai-ben',
        body: 'Nice! Did you use a toothpick to keep the cut open? Mine healed over the first time I tried.',
        minutesAfterStart: 85,
        reactions: [],
      },
      {
        author: 'HoyaHannah',
        body: 'Yes, a small piece of toothpick with a dab of rooting hormone. Wear gloves, because the sap is sticky and irritating.',
        minutesAfterStart: 112,
        reactions: [{ user: 'bonsai-ben', type: 'HELPFUL' }],
      },
      {
        author: 'leafy_lou',
        body: 'Would this work on my fiddle leaf fig too? It is getting very top-heavy.',
        minutesAfterStart: 1460,
        reactions: [],
      },
      {
        author: 'HoyaHannah',
        body: 'It should, they are both figs. Just do it in spring or summer when the plant is actively growing.',
        minutesAfterStart: 1502,
        reactions: [{ user: 'leafy_lou', type: 'HELPFUL' }],
      },
    ],
  },
  {
    category: 'propagation',
    author: 'leafy_lou',
    title: 'Does rooting hormone actually make a difference?',
    tags: ['propagation', 'rooting-hormone', 'beginner'],
    daysAgo: 47,
    posts: [
      {
        author: 'leafy_lou',
        body: 'The garden centre tried to sell me a rooting powder. Is it worth it for houseplant cuttings, or is it mostly marketing?',
        minutesAfterStart: 0,
        reactions: [],
      },
      {
        author: 'pothos_pat',
        body: 'For pothos, philodendron and tradescantia it makes no difference; they root in plain water within a couple of weeks.',
        minutesAfterStart: 23,
        reactions: [{ user: 'leafy_lou', type: 'HELPFUL' }],
      },
      {
        author: 'bonsai-ben',
        body: 'For woody cuttings it really helps. My juniper and ficus cuttings root much more reliably with it.',
        minutesAfterStart: 47,
        reactions: [
          { user: 'leafy_lou', type: 'HELPFUL' },
          { user: 'moss_boss', type: 'LIKE' },
        ],
      },
      {
        author: 'moss_boss',
        body: 'If you buy some, tip a little into a separate dish for each session. Dipping cuttings straight into the jar contaminates the whole thing.',
        minutesAfterStart: 90,
        reactions: [{ user: 'bonsai-ben', type: 'LIKE' }],
      },
      {
        author: 'succulent_sam',
        body: 'Willow water is the free alternative: soak chopped willow twigs in water for a day or two and use that for your cuttings.',
        minutesAfterStart: 215,
        reactions: [
          { user: 'leafy_lou', type: 'LOVE' },
          { user: 'fern_gully', type: 'LIKE' },
        ],
      },
      {
        author: 'fern_gully',
        body: 'Cinnamon is another one people swear by. It is more of an antifungal than a rooting aid, though.',
        minutesAfterStart: 330,
        reactions: [],
      },
      {
        author: 'leafy_lou',
        body: 'Skipping it for now, then; I only propagate tropicals. Thanks for the willow tip!',
        minutesAfterStart: 410,
        reactions: [{ user: 'succulent_sam', type: 'LIKE' }],
      },
    ],
  },
  {
    category: 'propagation',
    author: 'fern_gully',
    title: 'Dividing a Boston fern without killing it',
    tags: ['ferns', 'propagation', 'repotting'],
    daysAgo: 31,
    posts: [
      {
        author: 'fern_gully',
        body: 'Tip for anyone with an overgrown Boston fern: slice the root ball into quarters with a bread knife, pot each piece up and keep them humid for two weeks. It looks brutal but every division of mine survived.',
        minutesAfterStart: 0,
        reactions: [
          { user: 'calathea_kim', type: 'HELPFUL' },
          { user: 'pothos_pat', type: 'LIKE' },
        ],
      },
      {
        author: 'calathea_kim',
        body: 'The bread knife method is so satisfying. Trim back any damaged fronds afterwards so the plant is not supporting too much leaf.',
        minutesAfterStart: 260,
        reactions: [{ user: 'fern_gully', type: 'LIKE' }],
      },
    ],
  },

  // ── succulents & cacti (top level) ───────────────────────────────────────
  {
    category: 'succulents-cacti',
    author: 'succulent_sam',
    title: 'Terracotta vs. plastic pots for succulents and cacti',
    tags: ['succulents', 'cacti', 'repotting', 'soil'],
    daysAgo: 56,
    posts: [
      {
        author: 'succulent_sam',
        body: 'Everyone says terracotta for succulents, but my plastic-potted ones look just as good. Does it really matter?',
        minutesAfterStart: 0,
        reactions: [],
      },
      {
        author: 'cactus_carl',
        body: 'It matters more in humid climates or if you tend to overwater. Terracotta wicks moisture out and forgives mistakes.',
        minutesAfterStart: 38,
        reactions: [{ user: 'succulent_sam', type: 'HELPFUL' }],
      },
      {
        author: 'moss_boss',
        body: 'In a hot dry place plastic can actually be better, because terracotta dries out too quickly. Match the pot to your conditions and your watering habits.',
        minutesAfterStart: 81,
        reactions: [
          { user: 'succulent_sam', type: 'HELPFUL' },
          { user: 'cactus_carl', type: 'LIKE' },
        ],
      },
      {
        author: 'leafy_lou',
        body: 'Terracotta also gives top-heavy cacti a bit more weight so they do not tip over.',
        minutesAfterStart: 150,
        reactions: [{ user: 'cactus_carl', type: 'LIKE' }],
      },
      {
        author: 'HoyaHannah',
        body: 'Glazed ceramic is the worst of both: heavy and no breathing. Fine as a cachepot, though.',
        minutesAfterStart: 315,
        reactions: [],
      },
      {
        author: 'succulent_sam',
        body: 'Makes sense. In Melbourne summers the plastic ones have probably been doing me a favour.',
        minutesAfterStart: 370,
        reactions: [{ user: 'moss_boss', type: 'LIKE' }],
      },
    ],
  },

  // ── succulents & cacti / succulent-care ──────────────────────────────────
  {
    category: 'succulent-care',
    author: 'succulent_sam',
    title: 'Echeveria stretching toward the window: is it etiolated?',
    tags: ['succulents', 'lighting', 'echeveria'],
    daysAgo: 8,
    posts: [
      {
        author: 'succulent_sam',
        body: 'My Echeveria Lola has gone from a tight rosette to a tall stem with gaps between the leaves, all leaning toward the glass.',
        minutesAfterStart: 0,
        reactions: [],
      },
      {
        author: 'cactus_carl',
        body: 'Yep, that is etiolation. It needs a lot more direct sun than most indoor windows give.',
        minutesAfterStart: 21,
        reactions: [{ user: 'succulent_sam', type: 'HELPFUL' }],
      },
      {
        author: 'succulent_sam',
        body: 'Can the stretched part go back to normal?',
        minutesAfterStart: 40,
        reactions: [],
      },
      {
        author: 'HoyaHannah',
        body: 'No, but you can behead it: cut the rosette off with a short stem, let it callus and replant it. The old stem will often sprout pups.',
        minutesAfterStart: 66,
        reactions: [
          { user: 'succulent_sam', type: 'HELPFUL' },
          { user: 'cactus_carl', type: 'HELPFUL' },
        ],
      },
      {
        author: 'moss_boss',
        body: 'And move it to the brightest spot you have, or get a small grow light, otherwise the new rosette will stretch too.',
        minutesAfterStart: 120,
        reactions: [{ user: 'HoyaHannah', type: 'LIKE' }],
      },
      {
        author: 'succulent_sam',
        body: 'Beheaded and drying on the windowsill. Scary but exciting.',
        minutesAfterStart: 1500,
        reactions: [
          { user: 'cactus_carl', type: 'LOVE' },
          { user: 'HoyaHannah', type: 'LIKE' },
        ],
      },
    ],
  },
  {
    category: 'succulent-care',
    author: 'cactus_carl',
    title: 'Gritty mix recipe for succulents: what ratios do you use?',
    tags: ['succulents', 'soil', 'repotting'],
    daysAgo: 39,
    posts: [
      {
        author: 'cactus_carl',
        body: 'Bagged cactus soil always seems too peaty to me. Post your homemade mix and what it is for.',
        minutesAfterStart: 0,
        reactions: [{ user: 'succulent_sam', type: 'LIKE' }],
      },
      {
        author: 'succulent_sam',
        body: 'For echeverias: 1 part potting soil, 1 part pumice, 1 part coarse sand. Drains fast but still holds a little water.',
        minutesAfterStart: 17,
        reactions: [
          { user: 'cactus_carl', type: 'HELPFUL' },
          { user: 'leafy_lou', type: 'HELPFUL' },
        ],
      },
      {
        author: 'moss_boss',
        body: 'I use the classic 1:1:1 of screened pine bark, calcined clay and crushed granite. It is almost impossible to overwater.',
        minutesAfterStart: 34,
        reactions: [{ user: 'cactus_carl', type: 'LIKE' }],
      },
      {
        author: 'HoyaHannah',
        body: 'Is perlite good enough instead of pumice? Pumice is hard to find here.',
        minutesAfterStart: 80,
        reactions: [],
      },
      {
        author: 'cactus_carl',
        body: 'Perlite works, it just floats to the top and crumbles over time. Cat litter made of calcined clay is a cheap alternative; check it is the non-clumping kind.',
        minutesAfterStart: 103,
        reactions: [
          { user: 'HoyaHannah', type: 'HELPFUL' },
          { user: 'succulent_sam', type: 'LIKE' },
        ],
      },
      {
        author: 'bonsai-ben',
        body: 'Akadama works nicely for succulents too, if you already have some around for bonsai.',
        minutesAfterStart: 190,
        reactions: [],
      },
      {
        author: 'leafy_lou',
        body: 'How fine should the particles be? I have some aquarium gravel lying around.',
        minutesAfterStart: 355,
        reactions: [],
      },
      {
        author: 'succulent_sam',
        body: 'Roughly 2 to 6 mm is the sweet spot. Aquarium gravel is usually too round and heavy, but it makes a nice top dressing.',
        minutesAfterStart: 402,
        reactions: [{ user: 'leafy_lou', type: 'HELPFUL' }],
      },
    ],
  },
  {
    category: 'succulent-care',
    author: 'pothos_pat',
    title: 'Jade plant leaves wrinkling in winter',
    tags: ['succulents', 'watering', 'jade'],
    daysAgo: 25,
    posts: [
      {
        author: 'pothos_pat',
        body: 'The leaves on my jade plant have gone thin and wrinkly. I cut back on watering for winter like everyone recommends.',
        minutesAfterStart: 0,
        reactions: [],
      },
      {
        author: 'succulent_sam',
        body: 'Wrinkles mean it is using up its stored water, so it is thirsty. Cutting back does not mean stopping completely, especially in a warm heated room.',
        minutesAfterStart: 29,
        reactions: [{ user: 'pothos_pat', type: 'HELPFUL' }],
      },
      {
        author: 'cactus_carl',
        body: 'Give it a proper soak and the leaves should plump up within a few days. If they do not, check the roots for rot.',
        minutesAfterStart: 65,
        reactions: [
          { user: 'pothos_pat', type: 'HELPFUL' },
          { user: 'succulent_sam', type: 'LIKE' },
        ],
      },
      {
        author: 'pothos_pat',
        body: 'Plump again after one watering. Turns out I overcorrected.',
        minutesAfterStart: 4400,
        reactions: [{ user: 'succulent_sam', type: 'LIKE' }],
      },
    ],
  },
  {
    category: 'succulent-care',
    author: 'succulent_sam',
    title: 'Overwintering outdoor succulents in a cold climate',
    tags: ['succulents', 'lighting', 'overwintering'],
    daysAgo: 58,
    posts: [
      {
        author: 'succulent_sam',
        body: 'Asking for my sister in Ottawa: she has a balcony full of echeverias and aeoniums and frost is coming. What is the best way to bring them through winter?',
        minutesAfterStart: 0,
        reactions: [],
      },
      {
        author: 'leafy_lou',
        body: 'Fellow Canadian here. I bring mine in before night temperatures drop below 5 °C and keep them in a cool bright room with very little water.',
        minutesAfterStart: 160,
        reactions: [{ user: 'succulent_sam', type: 'HELPFUL' }],
      },
      {
        author: 'HoyaHannah',
        body: 'Check for pests before they come inside, or you will be fighting aphids all winter. A grow light keeps them compact until spring.',
        minutesAfterStart: 290,
        reactions: [
          { user: 'succulent_sam', type: 'HELPFUL' },
          { user: 'leafy_lou', type: 'LIKE' },
        ],
      },
    ],
  },
  {
    category: 'succulent-care',
    author: 'leafy_lou',
    title: 'Haworthia turning red-brown: sunburn or stress colours?',
    tags: ['succulents', 'lighting'],
    daysAgo: 4,
    posts: [
      {
        author: 'leafy_lou',
        body: 'I moved my zebra haworthia to a south window and within a week it went reddish-brown all over. Is that the pretty stress colouring people talk about?',
        minutesAfterStart: 0,
        reactions: [],
      },
      {
        author: 'cactus_carl',
        body: 'Haworthias are shade lovers compared to most succulents, so that is more likely a sunburn warning. Pull it back from the glass a bit.',
        minutesAfterStart: 55,
        reactions: [
          { user: 'leafy_lou', type: 'HELPFUL' },
          { user: 'succulent_sam', type: 'HELPFUL' },
        ],
      },
    ],
  },

  // ── succulents & cacti / cactus-corner ───────────────────────────────────
  {
    category: 'cactus-corner',
    author: 'cactus_carl',
    title: 'How often should I water cacti in winter?',
    tags: ['cacti', 'watering', 'beginner'],
    daysAgo: 45,
    posts: [
      {
        author: 'cactus_carl',
        body: 'Mods asked me to write this up since the question comes up weekly. Short version: most desert cacti want almost no water from late autumn to early spring, and a cool, dry rest is what triggers flowering.',
        minutesAfterStart: 0,
        reactions: [
          { user: 'moss_boss', type: 'HELPFUL' },
          { user: 'succulent_sam', type: 'HELPFUL' },
          { user: 'leafy_lou', type: 'LIKE' },
        ],
      },
      {
        author: 'leafy_lou',
        body: 'My apartment is 22 °C all winter though. Does the same rule apply?',
        minutesAfterStart: 64,
        reactions: [],
      },
      {
        author: 'cactus_carl',
        body: 'In a warm room they keep using water slowly, so a light drink every four to six weeks is fine. Just do not keep them wet while there is no growth.',
        minutesAfterStart: 91,
        reactions: [{ user: 'leafy_lou', type: 'HELPFUL' }],
      },
      {
        author: 'succulent_sam',
        body: 'Christmas and Easter cacti are the exception: they are forest cacti and want regular water even in winter.',
        minutesAfterStart: 175,
        reactions: [
          { user: 'cactus_carl', type: 'LIKE' },
          { user: 'fern_gully', type: 'HELPFUL' },
        ],
      },
      {
        author: 'moss_boss',
        body: 'Great write-up, thanks Carl. Linking this in the FAQ.',
        minutesAfterStart: 240,
        reactions: [{ user: 'cactus_carl', type: 'LOVE' }],
      },
    ],
  },
  {
    category: 'cactus-corner',
    author: 'cactus_carl',
    title: 'First flower on my Mammillaria!',
    tags: ['cacti', 'flowering'],
    daysAgo: 2,
    posts: [
      {
        author: 'cactus_carl',
        body: 'After four years of nothing, my Mammillaria has a full ring of tiny pink flowers around the crown. The cold dry winter rest finally paid off.',
        minutesAfterStart: 0,
        reactions: [
          { user: 'succulent_sam', type: 'LOVE' },
          { user: 'orchid_oli', type: 'LOVE' },
          { user: 'moss_boss', type: 'LIKE' },
          { user: 'leafy_lou', type: 'LIKE' },
        ],
      },
      {
        author: 'succulent_sam',
        body: 'The flower crown look is my favourite thing about mammillarias. Congratulations!',
        minutesAfterStart: 33,
        reactions: [{ user: 'cactus_carl', type: 'LIKE' }],
      },
      {
        author: 'orchid_oli',
        body: 'Gorgeous. Are you going to try hand-pollinating for seed?',
        minutesAfterStart: 120,
        reactions: [],
      },
    ],
  },
  {
    category: 'cactus-corner',
    author: 'succulent_sam',
    title: 'Corking at the base of a San Pedro: normal or rot?',
    tags: ['cacti', 'root-rot'],
    daysAgo: 19,
    posts: [
      {
        author: 'succulent_sam',
        body: 'My San Pedro has a brown, woody layer creeping up from the soil line, about five centimetres so far. It is hard to the touch, not soft.',
        minutesAfterStart: 0,
        reactions: [],
      },
      {
        author: 'cactus_carl',
        body: 'Hard, dry and tan is corking, which is a normal part of ageing for columnar cacti. Rot is soft, dark and often smells.',
        minutesAfterStart: 27,
        reactions: [{ user: 'succulent_sam', type: 'HELPFUL' }],
      },
      {
        author: 'bonsai-ben',
        body: 'If it climbs quickly or shows up high on the stem, it could be sun damage or stress instead. At the base, it is nothing to worry about.',
        minutesAfterStart: 96,
        reactions: [
          { user: 'succulent_sam', type: 'HELPFUL' },
          { user: 'cactus_carl', type: 'LIKE' },
        ],
      },
      {
        author: 'succulent_sam',
        body: 'Relieved. It is about twelve years old, so that makes sense.',
        minutesAfterStart: 130,
        reactions: [],
      },
    ],
  },
  {
    category: 'cactus-corner',
    author: 'bonsai-ben',
    title: 'Grafted moon cacti: worth keeping or a gimmick?',
    tags: ['cacti', 'propagation'],
    daysAgo: 1,
    posts: [
      {
        author: 'bonsai-ben',
        body: 'Got a bright red moon cactus as a gift. I read that the coloured top has no chlorophyll and depends on the green rootstock. How long do these usually last?',
        minutesAfterStart: 0,
        reactions: [],
      },
      {
        author: 'cactus_carl',
        body: 'Often a few years, sometimes much longer. If the rootstock gets too vigorous you can regraft the top onto a fresh one, which is a fun first grafting project.',
        minutesAfterStart: 48,
        reactions: [{ user: 'bonsai-ben', type: 'HELPFUL' }],
      },
    ],
  },

  // ── specialty-plants / orchids ───────────────────────────────────────────
  {
    category: 'orchids',
    author: 'orchid_oli',
    title: 'Phalaenopsis rebloom: the cool-night trick actually worked',
    tags: ['orchids', 'flowering'],
    daysAgo: 10,
    posts: [
      {
        author: 'orchid_oli',
        body: 'For four weeks in autumn I moved my non-blooming Phals to a room that drops to about 15 °C at night. Four of five plants now have new flower spikes.',
        minutesAfterStart: 0,
        reactions: [
          { user: 'calathea_kim', type: 'HELPFUL' },
          { user: 'HoyaHannah', type: 'LOVE' },
          { user: 'cactus_carl', type: 'LIKE' },
        ],
      },
      {
        author: 'cactus_carl',
        body: 'This is exactly what I needed, since my gift orchid has not bloomed since I got it. How big a difference between day and night?',
        minutesAfterStart: 55,
        reactions: [],
      },
      {
        author: 'orchid_oli',
        body: 'Roughly 8 to 10 degrees. A windowsill with the heating off in that room did the job.',
        minutesAfterStart: 80,
        reactions: [{ user: 'cactus_carl', type: 'HELPFUL' }],
      },
      {
        author: 'calathea_kim',
        body: 'Did you change the watering or feeding during that time?',
        minutesAfterStart: 210,
        reactions: [],
      },
      {
        author: 'orchid_oli',
        body: 'Watered a bit less because they dried out more slowly, and kept feeding weakly. Nothing else changed.',
        minutesAfterStart: 236,
        reactions: [{ user: 'calathea_kim', type: 'HELPFUL' }],
      },
    ],
  },
  {
    category: 'orchids',
    author: 'orchid_oli',
    title: 'Bark vs. sphagnum moss for Phalaenopsis: let us settle this',
    tags: ['orchids', 'repotting', 'soil'],
    daysAgo: 34,
    posts: [
      {
        author: 'orchid_oli',
        body: 'Half of my friends swear by bark, the other half by sphagnum. I use both depending on the plant, but I am curious what works in your homes.',
        minutesAfterStart: 0,
        reactions: [],
      },
      {
        author: 'cactus_carl',
        body: 'Newbie question: why not normal potting soil?',
        minutesAfterStart: 22,
        reactions: [],
      },
      {
        author: 'orchid_oli',
        body: 'Phalaenopsis grow on tree bark in the wild, so their roots need air around them. Dense soil suffocates and rots them.',
        minutesAfterStart: 37,
        reactions: [
          { user: 'cactus_carl', type: 'HELPFUL' },
          { user: 'leafy_lou', type: 'HELPFUL' },
        ],
      },
      {
        author: 'HoyaHannah',
        body: 'Sphagnum for me, because my flat is very dry. Bark dried out in two days and the roots shrivelled.',
        minutesAfterStart: 90,
        reactions: [{ user: 'orchid_oli', type: 'LIKE' }],
      },
      {
        author: 'fern_gully',
        body: 'Bark is much more forgiving for overwaterers. Sphagnum packed tightly is how I killed my first two orchids.',
        minutesAfterStart: 142,
        reactions: [
          { user: 'orchid_oli', type: 'LIKE' },
          { user: 'calathea_kim', type: 'LIKE' },
        ],
      },
      {
        author: 'moss_boss',
        body: 'Semi-hydro with LECA is worth a mention too. Once the roots adapt it is very low maintenance.',
        minutesAfterStart: 300,
        reactions: [],
      },
      {
        author: 'orchid_oli',
        body: 'So the real answer is: match the media to your humidity and your watering habits. Thanks everyone!',
        minutesAfterStart: 1440,
        reactions: [
          { user: 'fern_gully', type: 'LIKE' },
          { user: 'HoyaHannah', type: 'LIKE' },
        ],
      },
    ],
  },
  {
    category: 'orchids',
    author: 'calathea_kim',
    title: 'Orchid aerial roots everywhere: trim them or leave them?',
    tags: ['orchids', 'beginner'],
    daysAgo: 15,
    posts: [
      {
        author: 'calathea_kim',
        body: 'My Phalaenopsis has silvery roots sticking out of the pot in every direction. It looks messy; can I cut them off?',
        minutesAfterStart: 0,
        reactions: [],
      },
      {
        author: 'orchid_oli',
        body: 'Please do not! Firm silver or green aerial roots are healthy and help the plant absorb water and air. Only trim roots that are dry and papery or mushy.',
        minutesAfterStart: 31,
        reactions: [
          { user: 'calathea_kim', type: 'HELPFUL' },
          { user: 'fern_gully', type: 'HELPFUL' },
        ],
      },
      {
        author: 'calathea_kim',
        body: 'Good thing I asked first. Leaving them alone.',
        minutesAfterStart: 58,
        reactions: [{ user: 'orchid_oli', type: 'LIKE' }],
      },
    ],
  },
  {
    category: 'orchids',
    author: 'HoyaHannah',
    title: 'Dendrobium leaves yellowing after blooming',
    tags: ['orchids', 'yellowing-leaves', 'fertilizer'],
    daysAgo: 28,
    posts: [
      {
        author: 'HoyaHannah',
        body: 'My Dendrobium finished flowering and now the older canes are dropping yellow leaves one by one. Am I doing something wrong?',
        minutesAfterStart: 0,
        reactions: [],
      },
      {
        author: 'orchid_oli',
        body: 'Depends on the type. Many dendrobiums shed leaves on older canes naturally, and the canes can still flower later, so do not cut them off.',
        minutesAfterStart: 62,
        reactions: [{ user: 'HoyaHannah', type: 'HELPFUL' }],
      },
      {
        author: 'fern_gully',
        body: 'If the new growths are yellowing too, that is different. Then look at the roots and how often you are feeding.',
        minutesAfterStart: 115,
        reactions: [],
      },
      {
        author: 'HoyaHannah',
        body: 'Only the old canes, and the new growth looks great. Leaving it be.',
        minutesAfterStart: 180,
        reactions: [{ user: 'orchid_oli', type: 'LIKE' }],
      },
    ],
  },

  // ── specialty-plants / bonsai ────────────────────────────────────────────
  {
    category: 'bonsai',
    author: 'bonsai-ben',
    title: 'Why does every indoor juniper bonsai die?',
    tags: ['bonsai', 'lighting', 'beginner'],
    daysAgo: 52,
    posts: [
      {
        author: 'bonsai-ben',
        body: 'Writing this because three people at work have asked me this month. Supermarket juniper bonsai are outdoor trees and need full sun plus a cold winter dormancy, so on a windowsill they slowly starve.',
        minutesAfterStart: 0,
        reactions: [
          { user: 'moss_boss', type: 'HELPFUL' },
          { user: 'leafy_lou', type: 'HELPFUL' },
          { user: 'greenthumb_admin', type: 'LIKE' },
        ],
      },
      {
        author: 'leafy_lou',
        body: 'Oh no. I have had one on my desk for two months and it still looks green.',
        minutesAfterStart: 35,
        reactions: [],
      },
      {
        author: 'bonsai-ben',
        body: 'Junipers stay green for months after they are already dead, which is part of the trap. Scratch a branch with your fingernail and see if the layer underneath is green and moist.',
        minutesAfterStart: 52,
        reactions: [{ user: 'leafy_lou', type: 'HELPFUL' }],
      },
      {
        author: 'leafy_lou',
        body: 'Still green under the bark. What should I do with it in a Montreal winter?',
        minutesAfterStart: 80,
        reactions: [],
      },
      {
        author: 'moss_boss',
        body: 'Put it in an unheated but sheltered spot, like a garage with a window or a cold balcony with the pot protected from freezing solid, then back into full sun in spring.',
        minutesAfterStart: 133,
        reactions: [
          { user: 'leafy_lou', type: 'HELPFUL' },
          { user: 'bonsai-ben', type: 'LIKE' },
        ],
      },
      {
        author: 'orchid_oli',
        body: 'If you want something that is happy indoors, a ficus or Chinese elm is a far better starter bonsai.',
        minutesAfterStart: 220,
        reactions: [{ user: 'bonsai-ben', type: 'LIKE' }],
      },
      {
        author: 'bonsai-ben',
        body: 'Agreed. Portulacaria afra (dwarf jade) is another great indoor option that tolerates neglect.',
        minutesAfterStart: 245,
        reactions: [
          { user: 'succulent_sam', type: 'LOVE' },
          { user: 'orchid_oli', type: 'LIKE' },
        ],
      },
      {
        author: 'leafy_lou',
        body: 'The juniper is on the balcony now and I bought a small ficus for the desk. Thanks Ben.',
        minutesAfterStart: 7300,
        reactions: [
          { user: 'bonsai-ben', type: 'LOVE' },
          { user: 'moss_boss', type: 'LIKE' },
        ],
      },
    ],
  },
  {
    category: 'bonsai',
    author: 'bonsai-ben',
    title: 'When should I prune a Chinese elm bonsai?',
    tags: ['bonsai', 'pruning'],
    daysAgo: 23,
    posts: [
      {
        author: 'bonsai-ben',
        body: 'My Chinese elm is throwing long shoots everywhere. Is it OK to cut them back now, or should I wait for a particular season?',
        minutesAfterStart: 0,
        reactions: [],
      },
      {
        author: 'moss_boss',
        body: 'Elms are forgiving. Let shoots extend to four or five leaves, then cut back to one or two, and do it all through the growing season.',
        minutesAfterStart: 40,
        reactions: [{ user: 'bonsai-ben', type: 'HELPFUL' }],
      },
      {
        author: 'orchid_oli',
        body: 'Save the heavy structural cuts for late winter, just before the buds swell.',
        minutesAfterStart: 95,
        reactions: [{ user: 'moss_boss', type: 'LIKE' }],
      },
      {
        author: 'bonsai-ben',
        body: 'Trimmed it to two leaves per shoot. It already looks much tidier.',
        minutesAfterStart: 1800,
        reactions: [],
      },
    ],
  },
  {
    category: 'bonsai',
    author: 'moss_boss',
    title: 'Wiring a ficus bonsai: aluminium or copper wire?',
    tags: ['bonsai', 'tools'],
    daysAgo: 42,
    posts: [
      {
        author: 'moss_boss',
        body: 'Setting up a wiring kit for a ficus. The local club uses copper, but every online shop sells anodised aluminium. Which one should I buy?',
        minutesAfterStart: 0,
        reactions: [],
      },
      {
        author: 'bonsai-ben',
        body: 'Aluminium for ficus and other deciduous or tropical trees, because it is softer and easier on the bark. Copper is mostly for conifers, where you need more holding power.',
        minutesAfterStart: 28,
        reactions: [
          { user: 'moss_boss', type: 'HELPFUL' },
          { user: 'leafy_lou', type: 'LIKE' },
        ],
      },
      {
        author: 'orchid_oli',
        body: 'Ficus grow fast, so check the wire every couple of weeks. It bites into the bark surprisingly quickly.',
        minutesAfterStart: 77,
        reactions: [{ user: 'moss_boss', type: 'HELPFUL' }],
      },
    ],
  },
  {
    category: 'bonsai',
    author: 'leafy_lou',
    title: 'Repotting a bonsai: how much root can I safely remove?',
    tags: ['bonsai', 'repotting', 'soil'],
    daysAgo: 7,
    posts: [
      {
        author: 'leafy_lou',
        body: 'My new ficus bonsai is in what looks like compacted garden soil. Can I bare-root it and prune the roots at the same time?',
        minutesAfterStart: 0,
        reactions: [],
      },
      {
        author: 'bonsai-ben',
        body: 'Ficus are tough. In warm weather you can bare-root it and remove up to about a third of the root mass without much trouble.',
        minutesAfterStart: 45,
        reactions: [{ user: 'leafy_lou', type: 'HELPFUL' }],
      },
      {
        author: 'moss_boss',
        body: 'Repot into a free-draining mix like akadama, pumice and lava. Keep it out of direct sun for a couple of weeks while it recovers.',
        minutesAfterStart: 88,
        reactions: [
          { user: 'leafy_lou', type: 'HELPFUL' },
          { user: 'bonsai-ben', type: 'LIKE' },
        ],
      },
      {
        author: 'leafy_lou',
        body: 'Should I wire it at the same time, or is that too much stress?',
        minutesAfterStart: 120,
        reactions: [],
      },
      {
        author: 'bonsai-ben',
        body: 'One big job at a time. Repot now and wire it in a month or two once it is pushing new growth.',
        minutesAfterStart: 160,
        reactions: [
          { user: 'leafy_lou', type: 'HELPFUL' },
          { user: 'moss_boss', type: 'LIKE' },
        ],
      },
    ],
  },

  // ── specialty-plants / carnivorous-plants ────────────────────────────────
  {
    category: 'carnivorous-plants',
    author: 'fern_gully',
    title: 'Venus flytrap traps turning black',
    tags: ['carnivorous', 'watering', 'dormancy'],
    daysAgo: 48,
    posts: [
      {
        author: 'fern_gully',
        body: 'A friend\'s Venus flytrap is losing trap after trap: they go black and shrivel. She feeds it bits of ham. I suspect that is part of the problem.',
        minutesAfterStart: 0,
        reactions: [],
      },
      {
        author: 'orchid_oli',
        body: 'Ham would do it! They can only digest insects, and rich food rots inside the trap. Each trap also dies naturally after a few closures.',
        minutesAfterStart: 25,
        reactions: [
          { user: 'fern_gully', type: 'HELPFUL' },
          { user: 'calathea_kim', type: 'LIKE' },
        ],
      },
      {
        author: 'moss_boss',
        body: 'Also make sure it gets only distilled, rain or RO water, and full sun. Tap water minerals slowly poison them.',
        minutesAfterStart: 61,
        reactions: [{ user: 'fern_gully', type: 'HELPFUL' }],
      },
      {
        author: 'cactus_carl',
        body: 'If it is autumn where she lives, some blackening is also just the plant heading into winter dormancy. They need a cold rest for a few months.',
        minutesAfterStart: 140,
        reactions: [{ user: 'orchid_oli', type: 'LIKE' }],
      },
      {
        author: 'fern_gully',
        body: 'Passed all of this on. No more ham, and the plant has moved to an unheated porch.',
        minutesAfterStart: 2900,
        reactions: [
          { user: 'orchid_oli', type: 'LOVE' },
          { user: 'moss_boss', type: 'LIKE' },
        ],
      },
    ],
  },
  // ── specialty-plants (top level) ─────────────────────────────────────────
  {
    category: 'specialty-plants',
    author: 'orchid_oli',
    title: 'Rain water vs. distilled water for sundews and orchids',
    tags: ['carnivorous', 'orchids', 'watering'],
    daysAgo: 13,
    posts: [
      {
        author: 'orchid_oli',
        body: 'Lugging jugs of distilled water home for my sundews and orchids is getting old. Is collected rain water safe for them, or could roof runoff contain too much stuff?',
        minutesAfterStart: 0,
        reactions: [],
      },
      {
        author: 'fern_gully',
        body: 'Rain collected straight from the sky in a clean container is perfect. Water off roofs or copper gutters is riskier, so use a cheap TDS meter to check it.',
        minutesAfterStart: 70,
        reactions: [
          { user: 'orchid_oli', type: 'HELPFUL' },
          { user: 'moss_boss', type: 'HELPFUL' },
        ],
      },
    ],
  },

  // ── community / show-and-tell ────────────────────────────────────────────
  {
    category: 'show-and-tell',
    author: 'monstera_mel',
    title: 'My Thai Constellation finally put out a huge leaf',
    tags: ['monstera'],
    daysAgo: 5,
    posts: [
      {
        author: 'monstera_mel',
        body: 'Eighteen months of slow, small leaves, and then this: a 45 cm leaf with three rows of fenestrations and cream speckles all over. I may have cried a little.',
        minutesAfterStart: 0,
        reactions: [
          { user: 'pothos_pat', type: 'LOVE' },
          { user: 'calathea_kim', type: 'LOVE' },
          { user: 'fern_gully', type: 'LOVE' },
          { user: 'leafy_lou', type: 'LIKE' },
        ],
      },
      {
        author: 'pothos_pat',
        body: 'That leaf is bigger than my head. What changed?',
        minutesAfterStart: 9,
        reactions: [],
      },
      {
        author: 'monstera_mel',
        body: 'New moss pole, a grow light on a 13-hour timer and feeding every other watering. Mostly the pole, I think.',
        minutesAfterStart: 26,
        reactions: [
          { user: 'pothos_pat', type: 'HELPFUL' },
          { user: 'HoyaHannah', type: 'HELPFUL' },
        ],
      },
      {
        author: 'calathea_kim',
        body: 'Stunning variegation on that one. Congratulations!',
        minutesAfterStart: 75,
        reactions: [{ user: 'monstera_mel', type: 'LIKE' }],
      },
      {
        author: 'moss_boss',
        body: 'Is that one of my mesh poles I spy? Great to see it working.',
        minutesAfterStart: 190,
        reactions: [{ user: 'monstera_mel', type: 'LOVE' }],
      },
      {
        author: 'monstera_mel',
        body: 'It is! Extended it twice already.',
        minutesAfterStart: 205,
        reactions: [{ user: 'moss_boss', type: 'LIKE' }],
      },
    ],
  },
  {
    category: 'show-and-tell',
    author: 'pothos_pat',
    title: 'Before and after: one year of rescuing clearance-rack plants',
    tags: ['pothos', 'repotting', 'watering'],
    daysAgo: 36,
    posts: [
      {
        author: 'pothos_pat',
        body: 'A year ago I bought six half-dead plants from the supermarket clearance shelf for a few pounds each. Five made it: the pothos, peace lily and two philodendrons are now the fullest plants in my home.',
        minutesAfterStart: 0,
        reactions: [
          { user: 'fern_gully', type: 'LOVE' },
          { user: 'greenthumb_admin', type: 'LOVE' },
          { user: 'monstera_mel', type: 'LIKE' },
        ],
      },
      {
        author: 'leafy_lou',
        body: 'What is your first step with a rescue plant?',
        minutesAfterStart: 120,
        reactions: [],
      },
      {
        author: 'pothos_pat',
        body: 'Unpot it, check the roots, cut off anything mushy and repot into fresh, airy mix. Most clearance plants are dying from soggy peat rather than anything exotic.',
        minutesAfterStart: 145,
        reactions: [
          { user: 'leafy_lou', type: 'HELPFUL' },
          { user: 'calathea_kim', type: 'HELPFUL' },
        ],
      },
      {
        author: 'greenthumb_admin',
        body: 'Love this. Featuring it on the front page this week.',
        minutesAfterStart: 1600,
        reactions: [{ user: 'pothos_pat', type: 'LOVE' }],
      },
    ],
  },

  // ── community / tools-and-supplies ───────────────────────────────────────
  {
    category: 'tools-and-supplies',
    author: 'moss_boss',
    title: 'Favourite moisture meter, or are they all useless?',
    tags: ['tools', 'watering'],
    daysAgo: 30,
    posts: [
      {
        author: 'moss_boss',
        body: 'The cheap two-prong moisture meters seem to read "wet" no matter what. Has anyone found one that is actually reliable?',
        minutesAfterStart: 0,
        reactions: [],
      },
      {
        author: 'succulent_sam',
        body: 'Those cheap ones really measure conductivity, so fertiliser and salts throw them off completely.',
        minutesAfterStart: 19,
        reactions: [{ user: 'moss_boss', type: 'HELPFUL' }],
      },
      {
        author: 'cactus_carl',
        body: 'A wooden chopstick is the best moisture meter I own. Push it in, wait a minute, and see if it comes out dark or with soil stuck to it.',
        minutesAfterStart: 42,
        reactions: [
          { user: 'moss_boss', type: 'LIKE' },
          { user: 'pothos_pat', type: 'HELPFUL' },
          { user: 'leafy_lou', type: 'HELPFUL' },
        ],
      },
      {
        author: 'calathea_kim',
        body: 'Lifting the pot works too. After a few weeks you can feel the difference between wet and dry by weight.',
        minutesAfterStart: 73,
        reactions: [{ user: 'cactus_carl', type: 'LIKE' }],
      },
      {
        author: 'moss_boss',
        body: 'Chopstick it is, then. Returning the meter.',
        minutesAfterStart: 95,
        reactions: [{ user: 'cactus_carl', type: 'LOVE' }],
      },
    ],
  },
  {
    category: 'tools-and-supplies',
    author: 'calathea_kim',
    title: 'Is a humidifier worth it, or do pebble trays do the job?',
    tags: ['humidity', 'tools', 'calathea'],
    daysAgo: 21,
    posts: [
      {
        author: 'calathea_kim',
        body: 'Before I buy a humidifier: do pebble trays and grouping plants together make a measurable difference?',
        minutesAfterStart: 0,
        reactions: [],
      },
      {
        author: 'HoyaHannah',
        body: 'I tested it with a hygrometer. The pebble tray raised humidity by maybe two percent right above it, while the humidifier took the whole room from 30 to 55.',
        minutesAfterStart: 34,
        reactions: [
          { user: 'calathea_kim', type: 'HELPFUL' },
          { user: 'fern_gully', type: 'HELPFUL' },
          { user: 'moss_boss', type: 'LIKE' },
        ],
      },
      {
        author: 'fern_gully',
        body: 'Get an evaporative model rather than ultrasonic if you have hard water, otherwise everything ends up coated in white dust.',
        minutesAfterStart: 66,
        reactions: [{ user: 'calathea_kim', type: 'HELPFUL' }],
      },
    ],
  },

  // ── community / plant-swap ───────────────────────────────────────────────
  {
    category: 'plant-swap',
    author: 'fern_gully',
    title: 'Spring cuttings swap sign-up (closed)',
    tags: ['propagation'],
    isLocked: true,
    daysAgo: 57,
    posts: [
      {
        author: 'fern_gully',
        body: 'Sign-ups for the spring swap are open until Friday. Reply with what you can offer and what you are looking for; pairs will be sent by private message.',
        minutesAfterStart: 0,
        reactions: [{ user: 'greenthumb_admin', type: 'LIKE' }],
      },
      {
        author: 'HoyaHannah',
        body: 'Offering: Hoya carnosa, Hoya kerrii and Hoya pubicalyx cuttings. Looking for: any variegated pothos or a Scindapsus.',
        minutesAfterStart: 30,
        reactions: [{ user: 'pothos_pat', type: 'LOVE' }],
      },
      {
        author: 'pothos_pat',
        body: 'Offering: Marble Queen and Neon pothos, Scindapsus Exotica. Looking for: hoyas! Hannah, I think we have a match.',
        minutesAfterStart: 47,
        reactions: [{ user: 'HoyaHannah', type: 'LOVE' }],
      },
      {
        author: 'succulent_sam',
        body: 'Offering: echeveria and graptopetalum leaf props. Looking for: anything in the Haworthia family.',
        minutesAfterStart: 260,
        reactions: [],
      },
      {
        author: 'monstera_mel',
        body: 'Offering: rooted Monstera adansonii and Philodendron Brasil. Looking for: a Hoya or a Peperomia.',
        minutesAfterStart: 530,
        reactions: [{ user: 'HoyaHannah', type: 'LIKE' }],
      },
      {
        author: 'fern_gully',
        body: 'Sign-ups are closed. Pairings have gone out by private message; please ship within a week and post your haul in Show and Tell. Locking this thread.',
        minutesAfterStart: 5760,
        reactions: [
          { user: 'greenthumb_admin', type: 'LIKE' },
          { user: 'monstera_mel', type: 'LIKE' },
        ],
      },
    ],
  },
];
