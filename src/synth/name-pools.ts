/**
 * Given names and surnames of the heritages common in English counties, most frequent first
 * (orders follow ONS baby-name and surname frequency tables; the weights are a rank law, not counts).
 */
const list = (names: string): readonly string[] => names.trim().split(/\s+/);

export const britishMale = {
  // Born before 1965, 1965-1994 and from 1995: first names follow fashions, so age shows in them.
  older:
    list(`John David Michael Peter Robert Paul Stephen Anthony William James Richard Christopher Brian Alan
    Kenneth Keith Graham Thomas Ian Colin Geoffrey Raymond Roger George Barry Terence Derek Trevor Malcolm Martin
    Philip Andrew Gary Dennis Ronald Frank Harold Roy Leslie Norman Patrick Edward Gordon Eric Stanley Arthur Francis
    Clive Nigel Kevin Mark Leonard Albert Frederick Ernest Walter Douglas Gerald Dennis Bernard Donald Victor`),
  middle:
    list(`David Paul Mark Andrew Michael James Richard Christopher Stephen Daniel Matthew Robert John Lee Darren
    Craig Jason Wayne Gary Simon Neil Steven Carl Dean Scott Thomas Adam Ian Jonathan Martin Anthony Kevin Shaun Jamie
    Ryan Nicholas Peter Stuart Philip Gareth Benjamin Liam Luke Alexander Samuel Joseph Ashley Kieran Nathan Karl Marc
    Timothy Gavin Russell Barry Damian Alistair Graham Kenneth Edward Terry Glen Warren`),
  younger:
    list(`Oliver Jack Harry George Jacob Charlie Thomas James William Joshua Noah Alfie Oscar Leo Freddie Archie
    Henry Ethan Isaac Joseph Samuel Alexander Daniel Logan Lucas Max Dylan Riley Mason Theo Arthur Edward Finley Harvey
    Tyler Jayden Liam Ryan Callum Kyle Connor Lewis Jake Luke Ben Aaron Reuben Tommy Teddy Albie Ronnie Frankie Louie
    Alfred Frederick Sebastian Elliot Toby Zachary Matthew Adam Nathan Bailey Brandon Kai Corey Jenson Rory Hugo Jude
    Ollie Stanley Elijah Louis Charles Frankie Hunter Jasper Rowan Ezra Otis Caleb Harley Jamie Owen`),
};

export const britishFemale = {
  older:
    list(`Margaret Susan Patricia Christine Linda Elizabeth Mary Janet Barbara Carol Jean Ann Pauline Sandra
    Valerie Julie Brenda Maureen Jacqueline Kathleen Joan Sheila Gillian Diane Irene Doreen Dorothy Wendy Elaine Anne
    Marion Sylvia Jennifer Lesley Karen Catherine Hilary Rosemary Joyce Betty Judith Shirley Eileen Beryl Josephine
    Pamela Deborah Angela Frances Gwendoline Veronica Yvonne Lorraine Denise Alison Heather`),
  middle:
    list(`Sarah Claire Emma Nicola Lisa Michelle Louise Rachel Joanne Helen Kelly Laura Victoria Karen Amanda
    Samantha Rebecca Gemma Donna Stacey Jennifer Kerry Hayley Natalie Julie Jessica Charlotte Lauren Amy Katie Danielle
    Zoe Kirsty Catherine Elizabeth Tracey Dawn Angela Leanne Vicky Sharon Stephanie Kimberley Lindsay Melanie Jodie
    Natasha Sophie Hannah Jade Alison Fiona Katherine Suzanne Caroline Jacqueline Lucy Abigail Kathryn`),
  younger:
    list(`Olivia Amelia Isla Ava Emily Isabella Mia Poppy Ella Lily Sophie Grace Evie Sophia Charlotte Freya
    Ruby Chloe Daisy Alice Jessica Florence Phoebe Sienna Matilda Rosie Scarlett Millie Lucy Holly Ellie Megan Hannah
    Lauren Amy Katie Jasmine Erin Eva Maisie Willow Harper Ivy Evelyn Esme Lola Layla Niamh Abigail Eleanor Imogen
    Bethany Courtney Chelsea Paige Shannon Georgia Elizabeth Harriet Zara Summer Maddison Molly Aria Hallie Elsie Thea
    Ada Mila Rose Victoria Amber Leah Rebecca Naomi`),
};

export const britishMiddleNames = {
  male: list(
    'James John William Thomas Michael Edward George Alexander David Robert Lee Paul Peter Anthony Charles Jack Joseph Henry',
  ),
  female: list(
    'Louise Marie Elizabeth Jane Ann Rose Grace May Anne Victoria Jayne Lynn Mary Frances Catherine Leigh Elaine',
  ),
};

/** The commonest surnames of England and Wales, excluding those drawn for other heritages below. */
export const britishSurnames =
  list(`Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts
  Robinson Thompson Wright Walker White Edwards Hughes Green Hall Lewis Harris Clarke Jackson Wood Turner Martin Cooper
  Hill Ward Morris Moore Clark Lee King Baker Harrison Morgan Allen James Scott Phillips Watson Davis Parker Price
  Bennett Young Griffiths Mitchell Kelly Cook Carter Richardson Bailey Collins Bell Shaw Murphy Miller Cox Richards
  Marshall Anderson Simpson Ellis Adams Wilkinson Foster Chapman Powell Webb Rogers Gray Mason Hunt Campbell Matthews
  Owen Palmer Holmes Mills Barnes Knight Lloyd Butler Russell Barker Fisher Stevens Jenkins Murray Dixon Harvey Graham
  Pearson Fletcher Walsh Gibson Howard Andrews Stewart Elliott Reynolds Saunders Payne Fox Ford Pearce Day Brooks West
  Lawrence Cole Atkinson Bradley Spencer Gill Dawson Ball Burton O'Brien Watts Rose Booth Perry Ryan Grant Wells
  Armstrong Francis Rees Hayes Hart Hudson Newman Barrett Webster Hunter Gregory Carr Lowe Page Marsh Riley Dunn Woods
  Parsons Berry Stone Reid Holland Hawkins Harding Porter Robertson Newton Oliver Reed Kennedy Williamson Bird Gardner
  Dean Lane Cooke Bates Henderson Parry Burgess Bishop Walton Burns Nicholson Shepherd Ross Cross Long Freeman Warren
  Nicholls Hamilton Byrne Sutton McDonald Yates Hodgson Robson Curtis Hopkins O'Connor Harper Coleman Watkins Moss
  McCarthy Chambers O'Neill Griffin Sharp Hardy Wheeler Potter Osborne Johnston Gordon Doyle Wallace George Jordan
  Hutchinson Rowe Burke May Pritchard Gilbert Willis Higgins Read Miles Stevenson Stephenson Hammond Arnold Buckley
  Walters Hewitt Barber Nelson Slater Austin Sullivan Whitehead Mann Frost Lambert Stephens Blake Lynch Goodwin Barton
  Woodward Thomson Cunningham Quinn Barnett Baxter Clayton Nash Greenwood Jennings Holt Kemp Poole Gallagher Bond
  Stokes Tucker Davidson Fowler Heath Norman Middleton Lawson Banks French Stanley Jarvis Gibbs Ferguson Hayward
  Carroll Douglas Dickinson Todd Barlow Peters Lucas Knowles Hartley Simmons Morton Alexander Field Morrison Norris
  Townsend Preston Hancock Thornton Baldwin Burrows Briggs Storey Pope Hobbs Sanderson Fleming Macdonald Mackenzie
  Kirby Howarth Sykes Kaye Pickering Brook Haigh Crossley Ackroyd Wainwright Firth Holroyd Shackleton Priestley
  Metcalfe Bairstow Illingworth Lister Jowett Sugden Greaves Broadbent Mellor Hirst Dyson Bottomley Haworth Moorhouse`);

// The long tail: most surnames are rare, so a county also draws English-looking place-name surnames.
export const surnameHeads =
  list(`Ash Black Brad Brook Brom Cald Cart Chad Clay Cold Cran Dar Dun East Elm Fair Farn
  Gold Green Hal Hart Hath Hay Hol Hors Kings Lang Lock Mar Mid Mill Moor Nor Old Pen Rad Red Rom Rush Shel Shir Stan
  Stock Sum Thorn Wad Wal War Wes Whit Wil Win Wood Bur Cal Cot Dal Ed Fal Gar Ing Kel Law Lin Nut Pick Rams Sel Sher
  Tat Tem Wick Ack Bag Bal Bel Bil Bow Brig Buck Byr Chil Cop Crom Dew Dod Egg Fen Gos Grims Hal Hem Hux`);
export const surnameLinks = ['', '', '', 'ing', 'er', 'en', 'e', 's'];
export const surnameTails =
  list(`worth ley ton field ford ham by well hurst wood stead burn bury dale more combe
  croft shaw thwaite wick land cott borough hill brook mere stone den ridge low bridge`);

export const irish = {
  male: list(
    'Sean Patrick Ciaran Declan Conor Padraig Liam Eoin Niall Cian Darragh Oisin Kieran Brendan Eamon Colm Ronan Fergal Cormac Aidan',
  ),
  female: list(
    'Siobhan Niamh Aoife Ciara Roisin Orla Sinead Aisling Mairead Grainne Caoimhe Saoirse Bridget Nuala Eimear Clodagh Deirdre Maeve Sorcha Fionnuala',
  ),
  surnames:
    list(`Murphy Kelly O'Brien O'Connor Byrne Ryan O'Sullivan Walsh McCarthy Doyle O'Neill Kennedy Lynch Quinn
    Gallagher Doherty Brennan Flanagan McLaughlin Boyle O'Donnell Duffy Reilly Maguire Power Nolan McGrath Kavanagh
    Fitzgerald Keane Daly Healy O'Reilly Connolly Hegarty`),
};

export const pakistaniBangladeshi = {
  male: list(`Mohammed Muhammad Ahmed Ali Hassan Imran Adam Ibrahim Yusuf Zain Usman Bilal Hamza Omar Abdul Tariq Asif
    Shahid Zubair Amir Faisal Kamran Arif Rizwan Sajid Nadeem Rashid Saif Ayaan Zakariya Musa Idris Haroon Waqas Adil`),
  female:
    list(`Fatima Aisha Maryam Zainab Amina Ayesha Hafsa Khadija Samina Nasreen Shazia Rubina Nazia Sadia Sana Iqra
    Hira Safiya Noor Inaya Hajra Anisa Yasmin Shabana Parveen Farzana Rukhsana Nusrat Sumaiya Humaira Asma`),
  surnames:
    list(`Khan Hussain Ahmed Ali Iqbal Mahmood Rahman Islam Uddin Miah Shah Malik Aslam Butt Qureshi Rehman
    Javed Rashid Mirza Sheikh Chaudhry Choudhury Raza Anwar Aziz Hassan Karim Akhtar Mohammed Riaz Bashir Nawaz Hanif`),
  /** Women's surnames that are titles, not family names: a wife may be Begum while her husband is Khan. */
  femaleOnly: list('Begum Bibi Akhtar Begum Khatun'),
};

export const indian = {
  male: list(`Raj Arjun Rohan Aarav Vikram Sanjay Amit Rajesh Ravi Anil Suresh Harpreet Gurpreet Jaspreet Manjit Sukhdev
    Kuldeep Jagdeep Ranjit Amarjit Dev Krishna Nikhil Vijay Deepak Ajay Arun Sunil Kiran Jay Hardeep Baljit`),
  female:
    list(`Priya Anjali Pooja Neha Sunita Kiran Geeta Meena Asha Anita Rekha Manpreet Harjit Jasvir Rajinder
    Gurpreet Simran Navdeep Amrit Sukhwinder Kamaljit Deepa Nisha Riya Anya Divya Shreya Kavita Seema Leela`),
  surnames:
    list(`Patel Sharma Kumar Gill Sandhu Sidhu Dhillon Mistry Parmar Chauhan Lal Shah Sohal Bains Grewal Virdi
    Rai Chopra Kapoor Mehta Joshi Desai Solanki Chahal Johal Atwal Bhatt Gupta Patel Patel Sahota Bhogal`),
};

/** Polish surnames ending -ski/-cki take -ska/-cka for women; the rest are the same for everyone. */
export const polish = {
  male: list(`Piotr Krzysztof Tomasz Paweł Michał Marcin Łukasz Jakub Kamil Mateusz Adam Marek Grzegorz Rafał Dawid
    Szymon Bartosz Wojciech Andrzej Jan Filip Oskar Antoni Kacper Dominik`),
  female:
    list(`Anna Katarzyna Agnieszka Magdalena Joanna Monika Aleksandra Natalia Ewa Karolina Marta Justyna Zofia Maja
    Julia Zuzanna Hanna Lena Oliwia Małgorzata Dorota Beata Sylwia Paulina Weronika`),
  surnames:
    list(`Nowak Kowalski Wiśniewski Wójcik Kowalczyk Kamiński Lewandowski Zieliński Szymański Woźniak Dąbrowski
    Kozłowski Jankowski Mazur Kwiatkowski Krawczyk Piotrowski Grabowski Nowakowski Pawłowski Michalski Król Wieczorek
    Jabłoński Wróbel Nowicki Majewski Olszewski Stępień Jaworski Malinowski Adamczyk Dudek Zając Wieczorek`),
};

export const romanian = {
  male: list(
    'Andrei Alexandru Ionuț Mihai Florin Gabriel Adrian Cristian Ștefan Vasile Marius Bogdan Daniel Nicolae Constantin',
  ),
  female: list(
    'Elena Maria Ioana Andreea Alexandra Mihaela Gabriela Cristina Daniela Roxana Georgiana Ana Larisa Bianca Raluca',
  ),
  surnames:
    list(`Popescu Ionescu Popa Pop Radu Dumitru Stan Stoica Gheorghe Rusu Munteanu Matei Constantin Marin Tudor
    Florea Lungu Dobre Barbu Nistor Moldovan Ciobanu Ene Sandu`),
};

export const westAfrican = {
  male: list(`David Samuel Daniel Emmanuel Oluwaseun Chukwuemeka Joshua Michael Tunde Olumide Kwame Kofi Kwabena Yaw
    Ebuka Chinedu Segun Femi Ayodele Babatunde Ikenna Obinna Nnamdi Victor Adebayo Kwasi Ifeanyi`),
  female:
    list(`Blessing Grace Chioma Ngozi Precious Adaeze Funmilayo Folake Yetunde Abimbola Ama Akosua Abena Efua
    Nneka Chiamaka Esther Favour Joy Comfort Deborah Ruth Temitope Oluwatoyin Adwoa Ifeoma`),
  surnames:
    list(`Adeyemi Okafor Okonkwo Mensah Owusu Boateng Asante Adebayo Olawale Eze Nwosu Obi Ogunleye Osei Appiah
    Agyeman Oduya Afolabi Bakare Ojo Adewale Nwachukwu Okoro Danquah Acheampong Amoah Balogun Ogunbiyi Oyelaran Darko`),
};

/** Somali names are given name, father's name, grandfather's name: children carry their father's given name. */
export const somali = {
  male: list(`Mohamed Abdi Ahmed Hassan Ali Omar Abdullahi Ibrahim Yusuf Mahad Liban Guled Farah Hussein Abdirahman
    Mustafe Khalid Bashir Osman Ismail`),
  female:
    list(`Fadumo Hodan Amina Faduma Sahra Ifrah Ayan Hibaq Nimco Sagal Deeqa Halima Asha Khadra Muna Ubah Hawa Iman
    Safiya Maryan`),
  surnames: list(
    'Mohamed Abdi Ahmed Hassan Ali Omar Yusuf Farah Hussein Jama Warsame Osman Ismail Nur Aden Said Egal Dahir Guled Mohamud',
  ),
};

export const caribbean = {
  male: list(`Marcus Tyrone Jermaine Delroy Winston Leroy Devon Andre Curtis Trevor Michael David Anthony Mark Dwayne
    Kareem Jordan Tyler Isaiah Malachi`),
  female:
    list(`Marcia Janice Beverley Sharon Claudette Paulette Jasmine Shanice Tanisha Keisha Michelle Simone Natalie
    Aaliyah Jada Nia Amara Zara Kayla Chantelle`),
  surnames:
    list(`Campbell Brown Williams Clarke Francis Thomas Grant Henry Reid Johnson Robinson Lewis Gordon Bailey
    Morgan Graham Richards Wright Edwards Walker Bennett Forbes McKenzie Samuels Gayle Powell`),
};

export const chinese = {
  male: list('Wei Jun Hao Ming Jian Lei Yang Kai Tao Jason Kevin Michael Chi Kin Wing Yong Bo Peng'),
  female: list('Mei Li Xin Ying Hui Jing Fang Yan Lin Xiu Jenny Amy Grace Wing Ling Yu Qing Na'),
  surnames: list(
    'Wang Li Zhang Chen Liu Wong Chan Lee Cheung Lam Ng Ho Yang Huang Zhao Wu Zhou Xu Sun Ma Tang Lau',
  ),
};

export const middleEastern = {
  male: list(
    'Ahmed Mohammed Ali Omar Hassan Karim Mustafa Yusuf Mehmet Emre Murat Hasan Kemal Ibrahim Rami Sami Khaled Tariq Dilan Aram',
  ),
  female: list(
    'Fatima Layla Noor Sara Maryam Yasmin Zeynep Elif Aylin Hana Rania Dalia Leila Amira Huda Shirin Rojin Nour',
  ),
  surnames:
    list(`Ahmed Hassan Ali Mohamed Ibrahim Abdullah Yilmaz Kaya Demir Sahin Celik Aziz Saleh Haddad Khalil
    Mansour Nasser Rashid Hamid Karimi Ozturk Aydin Mahmoud Jaber`),
};
