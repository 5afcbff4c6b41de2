// Name pools for the demo data generator: Chinese names with their pinyin (for e-mail addresses),
// English names, company name parts, cities by region. Invented combinations, not real companies.

export const SURNAMES = [
  ['王', 'wang'], ['李', 'li'], ['张', 'zhang'], ['刘', 'liu'], ['陈', 'chen'], ['杨', 'yang'], ['黄', 'huang'], ['赵', 'zhao'], ['吴', 'wu'], ['周', 'zhou'],
  ['徐', 'xu'], ['孙', 'sun'], ['马', 'ma'], ['朱', 'zhu'], ['胡', 'hu'], ['郭', 'guo'], ['何', 'he'], ['高', 'gao'], ['林', 'lin'], ['罗', 'luo'],
  ['郑', 'zheng'], ['梁', 'liang'], ['谢', 'xie'], ['宋', 'song'], ['唐', 'tang'], ['许', 'xu'], ['韩', 'han'], ['冯', 'feng'], ['邓', 'deng'], ['曹', 'cao'],
  ['彭', 'peng'], ['曾', 'zeng'], ['肖', 'xiao'], ['田', 'tian'], ['董', 'dong'], ['袁', 'yuan'], ['潘', 'pan'], ['蒋', 'jiang'], ['蔡', 'cai'], ['余', 'yu'],
  ['杜', 'du'], ['叶', 'ye'], ['程', 'cheng'], ['苏', 'su'], ['魏', 'wei'], ['吕', 'lv'], ['丁', 'ding'], ['任', 'ren'], ['沈', 'shen'], ['欧阳', 'ouyang'],
];

export const MALE_GIVEN = [
  ['伟', 'wei'], ['强', 'qiang'], ['磊', 'lei'], ['军', 'jun'], ['洋', 'yang'], ['勇', 'yong'], ['杰', 'jie'], ['涛', 'tao'], ['明', 'ming'], ['超', 'chao'],
  ['斌', 'bin'], ['浩', 'hao'], ['鹏', 'peng'], ['宇', 'yu'], ['建华', 'jianhua'], ['志强', 'zhiqiang'], ['海峰', 'haifeng'], ['晓东', 'xiaodong'], ['文博', 'wenbo'],
  ['俊杰', 'junjie'], ['国栋', 'guodong'], ['振华', 'zhenhua'], ['子轩', 'zixuan'], ['立新', 'lixin'], ['永刚', 'yonggang'], ['家豪', 'jiahao'], ['天佑', 'tianyou'],
];

export const FEMALE_GIVEN = [
  ['芳', 'fang'], ['娜', 'na'], ['敏', 'min'], ['静', 'jing'], ['丽', 'li'], ['艳', 'yan'], ['娟', 'juan'], ['霞', 'xia'], ['婷', 'ting'], ['雪', 'xue'],
  ['慧', 'hui'], ['琳', 'lin'], ['晓燕', 'xiaoyan'], ['丽华', 'lihua'], ['婉清', 'wanqing'], ['思雨', 'siyu'], ['雨欣', 'yuxin'], ['佳怡', 'jiayi'], ['梦瑶', 'mengyao'],
  ['欣怡', 'xinyi'], ['秀英', 'xiuying'], ['玉兰', 'yulan'], ['春梅', 'chunmei'], ['诗涵', 'shihan'], ['晓琳', 'xiaolin'],
];

export const EN_FIRST_MALE = ['James', 'Michael', 'David', 'Robert', 'William', 'Thomas', 'Daniel', 'Kevin', 'Peter', 'Mark', 'Andrew', 'Brian', 'Steven', 'Jason', 'Ryan'];
export const EN_FIRST_FEMALE = ['Sarah', 'Emily', 'Jessica', 'Laura', 'Anna', 'Olivia', 'Sophie', 'Rachel', 'Grace', 'Jennifer', 'Linda', 'Karen', 'Helen', 'Amy', 'Claire'];
export const EN_LAST = ['Smith', 'Johnson', 'Brown', 'Taylor', 'Wilson', 'Anderson', 'Clark', 'Lewis', 'Walker', 'Hall', 'Young', 'King', 'Wright', 'Scott', 'Green', 'Baker', 'Adams', 'Nelson', 'Carter', 'Mitchell', 'Lee', 'Tan', 'Wong', 'Lim'];

export const BRANDS = [
  ['恒瑞', 'hengrui'], ['华信', 'huaxin'], ['东方', 'dongfang'], ['天成', 'tiancheng'], ['瑞丰', 'ruifeng'], ['鼎盛', 'dingsheng'], ['宏达', 'hongda'], ['卓越', 'zhuoyue'],
  ['远航', 'yuanhang'], ['新锐', 'xinrui'], ['盛世', 'shengshi'], ['中科', 'zhongke'], ['博远', 'boyuan'], ['金桥', 'jinqiao'], ['腾飞', 'tengfei'], ['明德', 'mingde'],
  ['润泽', 'runze'], ['安泰', 'antai'], ['永信', 'yongxin'], ['凯晟', 'kaisheng'], ['华晟', 'huasheng'], ['正泰', 'zhengtai'], ['同创', 'tongchuang'], ['嘉禾', 'jiahe'],
  ['锦程', 'jincheng'], ['海川', 'haichuan'], ['星辰', 'xingchen'], ['致远', 'zhiyuan'], ['晨光', 'chenguang'], ['银河', 'yinhe'], ['汇通', 'huitong'], ['恒通', 'hengtong'],
  ['新元', 'xinyuan'], ['立达', 'lida'], ['祥和', 'xianghe'], ['广联', 'guanglian'], ['智汇', 'zhihui'], ['德润', 'derun'], ['泰和', 'taihe'], ['富邦', 'fubang'],
  ['瑞景', 'ruijing'], ['蓝海', 'lanhai'], ['启明', 'qiming'], ['弘毅', 'hongyi'], ['长青', 'changqing'], ['信达', 'xinda'], ['联创', 'lianchuang'], ['华宇', 'huayu'],
];

/** industry → [term, pinyin hint] pairs for company names. */
export const INDUSTRY_TERMS = {
  internet: [['网络科技', 'tech'], ['信息技术', 'it'], ['软件', 'soft'], ['数据科技', 'data']],
  manufacturing: [['精密机械', 'machinery'], ['智能装备', 'equip'], ['电子', 'elec'], ['汽车零部件', 'auto'], ['新材料', 'material']],
  finance: [['融资租赁', 'leasing'], ['投资管理', 'invest'], ['保险代理', 'insurance'], ['小额贷款', 'credit']],
  retail: [['商贸', 'trade'], ['连锁超市', 'mart'], ['食品', 'food'], ['服饰', 'fashion']],
  education: [['教育科技', 'edu'], ['职业培训学校', 'school'], ['文化教育', 'culture']],
  healthcare: [['医疗器械', 'medical'], ['生物医药', 'pharma'], ['健康管理', 'health']],
  real_estate: [['置业', 'estate'], ['建筑工程', 'build'], ['物业服务', 'property']],
  logistics: [['物流', 'logistics'], ['供应链管理', 'scm'], ['国际货运代理', 'freight']],
  energy: [['新能源', 'energy'], ['化工', 'chem'], ['电力设备', 'power']],
  government: [['公共资源交易中心', 'ggzy'], ['市政工程管理处', 'szgc'], ['职业技术学院', 'college']],
  other: [['文化传媒', 'media'], ['管理咨询', 'consulting'], ['会展服务', 'expo']],
};

export const EN_COMPANY_WORDS = ['Northwind', 'Bluewater', 'Silverline', 'Pacific Rim', 'Evergreen', 'Summit', 'Harbor', 'Crestview', 'Lumen', 'Orchid', 'Vertex', 'Redwood', 'Meridian', 'Atlas', 'Keystone'];
export const EN_COMPANY_KINDS = [
  ['Trading', 'retail'], ['Logistics', 'logistics'], ['Technologies', 'internet'], ['Manufacturing', 'manufacturing'], ['Capital', 'finance'], ['Health', 'healthcare'], ['Energy', 'energy'], ['Education', 'education'],
];

/** region → [city, area code, district examples]. */
export const CITIES = {
  east: [['上海', '021'], ['杭州', '0571'], ['苏州', '0512'], ['南京', '025'], ['宁波', '0574'], ['无锡', '0510'], ['合肥', '0551'], ['济南', '0531'], ['青岛', '0532'], ['厦门', '0592'], ['福州', '0591']],
  north: [['北京', '010'], ['天津', '022'], ['石家庄', '0311'], ['太原', '0351'], ['呼和浩特', '0471']],
  south: [['广州', '020'], ['深圳', '0755'], ['东莞', '0769'], ['佛山', '0757'], ['珠海', '0756'], ['南宁', '0771'], ['海口', '0898']],
  central: [['武汉', '027'], ['长沙', '0731'], ['郑州', '0371'], ['南昌', '0791']],
  southwest: [['成都', '028'], ['重庆', '023'], ['昆明', '0871'], ['贵阳', '0851']],
  northwest: [['西安', '029'], ['兰州', '0931'], ['银川', '0951'], ['乌鲁木齐', '0991']],
  northeast: [['沈阳', '024'], ['大连', '0411'], ['长春', '0431'], ['哈尔滨', '0451']],
  overseas: [['Singapore', '+65'], ['Hong Kong', '+852'], ['Kuala Lumpur', '+60 3'], ['Tokyo', '+81 3'], ['Frankfurt', '+49 69']],
};

export const ROADS = ['人民路', '建设路', '中山路', '解放路', '科技路', '高新大道', '长江路', '湖滨路', '世纪大道', '创业路', '学府路', '金融街', '滨江大道', '园区路'];
export const EN_ROADS = ['Market Street', 'Harbour Road', 'Raffles Place', 'Queens Road', 'Orchard Road', 'Kaiserstrasse', 'Marina Boulevard'];
